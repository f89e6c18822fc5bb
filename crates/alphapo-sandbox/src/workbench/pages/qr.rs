//! QR codes as inline SVG, drawn on the server.

use qrcode::QrCode;
use qrcode::render::svg;

/// An `<svg>` element encoding `text`, labelled for screen readers; `None`
/// if the text is too long for a QR code.
pub(super) fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // The renderer writes a whole document; keep the element only.
    let element = &image[image.find("<svg")?..];
    Some(element.replacen(
        "<svg",
        &format!(
            "<svg class=\"qr\" role=\"img\" aria-label=\"{}\"",
            super::html::esc(label)
        ),
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_becomes_an_svg_element() {
        let svg = super::svg("tb1qexampleaddress", "QR code of the address").unwrap_or_default();
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<path"));
    }

    #[test]
    fn text_too_long_for_a_qr_code_gives_none() {
        assert!(super::svg(&"x".repeat(8_000), "too long").is_none());
    }
}
