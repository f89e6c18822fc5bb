//! Comparing freshly generated code with the checked-in files.

use std::path::Path;

use similar::TextDiff;

use crate::generated_file::GeneratedFile;

/// A unified diff from the checked-in file to the freshly generated one, or
/// `None` when they are identical.
pub fn diff(root: &Path, file: &GeneratedFile) -> Option<String> {
    let on_disk = std::fs::read_to_string(root.join(file.path));
    let (old, old_name) = match &on_disk {
        Ok(text) => (text.as_str(), format!("a/{} (checked in)", file.path)),
        Err(_) => ("", format!("a/{} (missing)", file.path)),
    };
    if on_disk.is_ok() && old == file.contents {
        return None;
    }
    let new_name = format!("b/{} (from {})", file.path, crate::spec::SPEC_PATH);
    Some(
        TextDiff::from_lines(old, file.contents.as_str())
            .unified_diff()
            .context_radius(3)
            .header(&old_name, &new_name)
            .to_string(),
    )
}
