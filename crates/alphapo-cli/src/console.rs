//! Printing that never panics: a closed stdout or stderr (`alphapo ... |
//! head`, a parent that stopped reading) must not crash the command, and
//! there is nobody left to tell, so a failed write is dropped.

use std::io::Write;

/// Prints a line to stdout.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::console::write_line(&mut ::std::io::stdout().lock(), format_args!($($arg)*))
    };
}

/// Prints a line to stderr.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::console::write_line(&mut ::std::io::stderr().lock(), format_args!($($arg)*))
    };
}

pub(crate) use {err, out};

/// Writes one line, ignoring a closed stream.
pub fn write_line(stream: &mut impl Write, line: std::fmt::Arguments<'_>) {
    let _ = writeln!(stream, "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_stream_is_not_a_panic() {
        write_line(&mut Closed, format_args!("nobody reads this"));
        let mut open = Vec::new();
        write_line(&mut open, format_args!("{} {}", "a", 1));
        assert_eq!(open, b"a 1\n");
    }
}
