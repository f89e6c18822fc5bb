//! What a failed API call means for the user: its exit code, by what can
//! have happened to the money, and the full story on stderr (the server's
//! messages, the request id, the cause chain, what to do next).

use std::fmt;

use alphapo::ErrorKind;

/// The exit code of a failed call (see [`crate::exit::EXIT_CODES`]).
///
/// 8 only where money can have moved: a money-moving call that may have
/// taken effect (a timeout or a connection lost after sending, a 5xx, an
/// unreadable success); 9 for a read-only call whose answer was lost; 6 for
/// a server error or an undocumented answer that provably moved no money;
/// 7 when nothing was sent.
pub fn exit_code(error: &alphapo::Error) -> u8 {
    match error.kind() {
        ErrorKind::InvalidArgument { .. } => 2,
        ErrorKind::Auth { .. } => 3,
        ErrorKind::Validation { .. } => 4,
        ErrorKind::RateLimited { .. } => 5,
        ErrorKind::NotSent => 7,
        _ if error.may_have_been_sent() && error.moves_money() => 8,
        ErrorKind::MayHaveBeenSent => 9,
        _ => 6,
    }
}

/// Writes the error line, then one indented line per detail: each field
/// message of a validation error, the request id, each cause (a transport
/// failure names the URL and why: refused, DNS, TLS, timeout), and the next
/// step. Never a body or a secret.
pub fn describe(f: &mut fmt::Formatter<'_>, error: &alphapo::Error) -> fmt::Result {
    write!(f, "{error}")?;
    for (field, message) in error.field_errors().into_iter().flatten() {
        write!(f, "\n  {field}: {message}")?;
    }
    if let Some(id) = error.request_id() {
        write!(f, "\n  request id: {id}")?;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        if !is_unread_error_body(error, current) {
            write!(f, "\n  caused by: {current}")?;
        }
        cause = current.source();
    }
    if let Some(next) = next_step(error) {
        write!(f, "\n  next: {next}")?;
    }
    Ok(())
}

/// Whether `cause` only says that the body of an error status (a 429's or
/// a proxy's text page) is not JSON: the status already says what
/// happened, and a parse position would read as the reason.
fn is_unread_error_body(error: &alphapo::Error, cause: &(dyn std::error::Error + 'static)) -> bool {
    error.status().is_some_and(|status| !status.is_success())
        && cause.downcast_ref::<serde_json::Error>().is_some()
}

/// What to do about an error whose outcome is in doubt or that may pass.
fn next_step(error: &alphapo::Error) -> Option<&'static str> {
    Some(match exit_code(error) {
        7 => "nothing was sent: safe to retry",
        8 if error.moves_money() => {
            "it may have taken effect: look it up by its foreign_id (transactions-info) or \
             wait for its callback before sending it again, and then only with the same \
             foreign_id"
        }
        9 => "it only reads and moves no money: safe to retry",
        6 if error.moves_money() => "the server refused it without acting on it",
        6 => "it only reads and moves no money: safe to retry",
        _ => return None,
    })
}
