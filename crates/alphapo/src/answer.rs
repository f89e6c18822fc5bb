//! What each operation returns: the unwrapped `data` of its success body
//! (`x-alphapo-envelope` in the spec).

use alphapo_gen::ByteStream;
use alphapo_gen::types;

/// The success body of an operation, and the value the client returns for it.
pub(crate) trait Answer: Sized {
    /// What the client method returns.
    type Output;

    /// Unwraps a body the generated client parsed.
    fn into_output(self) -> Self::Output;

    /// Parses a success body the generated client did not expect (another
    /// 2xx than the documented one).
    fn parse(bytes: &[u8]) -> Result<Self::Output, serde_json::Error>;
}

/// A body that is not JSON (`x-alphapo-envelope: none`: `ping`'s plain
/// `OK`): any 2xx is the success.
impl Answer for ByteStream {
    type Output = ();

    fn into_output(self) -> Self::Output {}

    fn parse(_: &[u8]) -> Result<Self::Output, serde_json::Error> {
        Ok(())
    }
}

/// Implements [`Answer`] for every success body of the operation table
/// (`alphapo_gen::for_each_response!`) that wraps its result in `data` or
/// carries nothing (`empty`); the other envelopes have their impls above and
/// below.
macro_rules! data_envelopes {
    ($({ response: $response:ty, envelope: $envelope:ident, output: $output:ty, })*) => {$(
        data_envelopes!(@$envelope $response => $output);
    )*};
    (@data $response:ty => $output:ty) => {
        impl Answer for $response {
            type Output = $output;

            fn into_output(self) -> Self::Output {
                self.data
            }

            fn parse(bytes: &[u8]) -> Result<Self::Output, serde_json::Error> {
                serde_json::from_slice::<Self>(bytes).map(Self::into_output)
            }
        }
    };
    // `x-alphapo-envelope: empty`: a JSON body that carries nothing (the
    // `[]` of `invoices_cancel`); any 2xx is the success.
    (@empty $response:ty => $output:ty) => {
        impl Answer for $response {
            type Output = $output;

            fn into_output(self) -> Self::Output {}

            fn parse(_: &[u8]) -> Result<Self::Output, serde_json::Error> {
                Ok(())
            }
        }
    };
    (@none $response:ty => $output:ty) => {};
    (@data_or_bare $response:ty => $output:ty) => {};
}

alphapo_gen::for_each_response!(data_envelopes);

/// `x-alphapo-envelope: data-or-bare`: `transactions_info` answers with or
/// without the `data` wrapper; both become the callback-shaped record.
impl Answer for types::TransactionInfoResponse {
    type Output = types::TransactionCallback;

    fn into_output(self) -> Self::Output {
        match self {
            Self::InfoEnvelope(envelope) => envelope.data,
            Self::Callback(callback) => callback,
        }
    }

    fn parse(bytes: &[u8]) -> Result<Self::Output, serde_json::Error> {
        serde_json::from_slice::<Self>(bytes).map(Self::into_output)
    }
}

/// The error body type of an operation.
pub(crate) trait ErrorBody {
    /// The API error, when the operation documents one.
    fn into_api_error(self) -> Option<types::ApiError>;
}

impl ErrorBody for types::ApiError {
    fn into_api_error(self) -> Option<types::ApiError> {
        Some(self)
    }
}

/// `ping` documents no error body.
impl ErrorBody for () {
    fn into_api_error(self) -> Option<types::ApiError> {
        None
    }
}
