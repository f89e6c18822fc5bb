//! Parsing a verified body in one pass: the fields before `type` are kept
//! as raw JSON text (borrowed, not parsed), and once `type` is known they and
//! the rest of the object feed that type's payload directly.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::fmt;

use alphapo_gen::CallbackType;
use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess,
    SeqAccess, Visitor,
};
use serde_json::value::RawValue;

use super::callback::{Callback, UnknownCallback};
use super::error::CallbackError;
use super::error::JsonKind;

/// Parses the text of a verified body into its callback.
///
/// The fast path reads the text once. Errors then say what the old two
/// passes said: a syntax error anywhere wins over a schema error (the cold
/// error path checks the whole text's syntax again), and a schema error is
/// placed at the token that caused it, kept fields included.
pub(super) fn parse(text: &str) -> Result<Callback, CallbackError> {
    let context = Context {
        text,
        callback_type: OnceCell::new(),
        kept_at: Cell::new(None),
        failure: Cell::new(None),
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = deserializer
        .deserialize_any(CallbackVisitor { context: &context })
        .and_then(|parsed| deserializer.end().map(|()| parsed));
    let error = match parsed {
        Ok(parsed) => return parsed,
        Err(error) => error,
    };
    if let Err(syntax) = serde_json::from_str::<IgnoredAny>(text) {
        return Err(syntax_error(&syntax));
    }
    if let Some(failure) = context.failure.take() {
        return Err(failure);
    }
    match (error.classify(), context.callback_type.get().cloned()) {
        (serde_json::error::Category::Data, Some(callback_type)) => {
            let (line, column) = match context.kept_at.get() {
                Some(index) => position(text, index),
                None => (error.line(), error.column()),
            };
            Err(CallbackError::SchemaMismatch {
                callback_type,
                line,
                column,
            })
        }
        _ => Err(syntax_error(&error)),
    }
}

/// A JSON error that is not about a payload's schema. Only positions are
/// kept: serde's messages can quote the body.
fn syntax_error(error: &serde_json::Error) -> CallbackError {
    let (line, column) = (error.line(), error.column());
    if error.is_eof() {
        CallbackError::Truncated { line, column }
    } else {
        CallbackError::NotJson { line, column }
    }
}

/// The line and column (both from 1) of the byte at `index`.
fn position(text: &str, index: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..index.min(text.len())];
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    let column = 1 + before
        .iter()
        .rev()
        .take_while(|&&byte| byte != b'\n')
        .count();
    (line, column)
}

/// What the pass has learnt, for the errors.
struct Context<'de> {
    /// The whole body: kept fields borrow from it.
    text: &'de str,
    /// The documented type, once `type` has been read.
    callback_type: OnceCell<CallbackType>,
    /// The index of the last byte of the kept token the payload is reading,
    /// while it reads kept fields (`None` once it reads live ones).
    kept_at: Cell<Option<usize>>,
    /// Why the pass stopped, when serde's error cannot say it.
    failure: Cell<Option<CallbackError>>,
}

impl Context<'_> {
    /// Stops the pass with `failure`.
    fn stop<E: de::Error>(&self, failure: CallbackError) -> E {
        self.failure.set(Some(failure));
        E::custom("callback rejected")
    }

    /// Notes that the payload reads the kept token `token` (borrowed from
    /// the body, or `None` for a key that had escapes); `after` counts the
    /// closing quote of a key.
    fn reading_kept(&self, token: Option<&str>, after: usize) {
        let index = token.and_then(|token| {
            let start = (token.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
            (start + token.len() + after).checked_sub(1)
        });
        self.kept_at.set(index);
    }
}

/// The top-level value: an object is a callback, anything else is not.
struct CallbackVisitor<'a, 'de> {
    context: &'a Context<'de>,
}

impl<'de> Visitor<'de> for CallbackVisitor<'_, 'de> {
    type Value = Result<Callback, CallbackError>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::Null,
        }))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::Bool,
        }))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::Number,
        }))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::Number,
        }))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::Number,
        }))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::String,
        }))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(CallbackError::NotObject {
            found: JsonKind::Array,
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kept: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::with_capacity(4);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value: &'de RawValue = map.next_value()?;
            let is_type = key == "type";
            kept.push((key, value));
            if is_type {
                let callback_type = match type_name(value) {
                    Ok(name) => CallbackType::from(name.as_ref()),
                    Err(found) => {
                        drain(&mut map)?;
                        return Ok(Err(CallbackError::TypeNotString { found }));
                    }
                };
                let rest = Rest {
                    kept: kept.into_iter(),
                    pending: None,
                    live: map,
                    context: self.context,
                };
                return payload(callback_type, rest, self.context).map(Ok);
            }
        }
        Ok(Err(CallbackError::MissingType))
    }
}

/// Reads the payload of `callback_type` from the rest of the object.
fn payload<'de, A: MapAccess<'de>>(
    callback_type: CallbackType,
    rest: Rest<'_, 'de, A>,
    context: &Context<'de>,
) -> Result<Callback, A::Error> {
    fn typed<'de, T: DeserializeOwned, A: MapAccess<'de>>(
        rest: Rest<'_, 'de, A>,
        wrap: fn(T) -> Callback,
    ) -> Result<Callback, A::Error> {
        T::deserialize(rest).map(wrap)
    }
    if callback_type.is_known() {
        // Set once per pass: only the first `type` gets here.
        let _ = context.callback_type.set(callback_type.clone());
    }
    match callback_type {
        CallbackType::Deposit => typed(rest, Callback::Deposit),
        CallbackType::DepositExchange => typed(rest, Callback::DepositExchange),
        CallbackType::Withdrawal => typed(rest, Callback::Withdrawal),
        CallbackType::WithdrawalExchange => typed(rest, Callback::WithdrawalExchange),
        CallbackType::WithdrawalInstant => typed(rest, Callback::WithdrawalInstant),
        CallbackType::WithdrawalInstantExchange => typed(rest, Callback::WithdrawalInstantExchange),
        CallbackType::Exchange => typed(rest, Callback::Exchange),
        CallbackType::Invoice => typed(rest, Callback::Invoice),
        CallbackType::PaymentRequest => typed(rest, Callback::PaymentRequest),
        other => {
            let json = serde_json::Map::deserialize(rest)?;
            Ok(Callback::Unknown(UnknownCallback {
                callback_type: other.as_str().to_owned(),
                json,
            }))
        }
    }
}

/// The text of a `type` value, or what kind of JSON it is instead.
fn type_name(raw: &RawValue) -> Result<Cow<'_, str>, JsonKind> {
    let text = raw.get();
    let found = match text.as_bytes().first() {
        Some(b'"') => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            return deserializer
                .deserialize_str(CowVisitor)
                .map_err(|_| JsonKind::String);
        }
        Some(b'{') => JsonKind::Object,
        Some(b'[') => JsonKind::Array,
        Some(b't' | b'f') => JsonKind::Bool,
        Some(b'n') => JsonKind::Null,
        _ => JsonKind::Number,
    };
    Err(found)
}

/// Reads the rest of an object, so that its syntax is still checked.
fn drain<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// The object from its first field on: the fields kept before `type`
/// (`type` included), then the ones still to read. A second `type` stops
/// the pass ([`CallbackError::RepeatedType`]).
struct Rest<'a, 'de, A> {
    kept: std::vec::IntoIter<(Cow<'de, str>, &'de RawValue)>,
    pending: Option<&'de RawValue>,
    live: A,
    context: &'a Context<'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.kept.next() {
            let borrowed = match &key {
                Cow::Borrowed(key) => Some(*key),
                Cow::Owned(_) => None,
            };
            self.context.reading_kept(borrowed, 1);
            self.pending = Some(value);
            return key_into(key, seed).map(Some);
        }
        self.context.kept_at.set(None);
        let Some(key) = self.live.next_key_seed(KeySeed)? else {
            return Ok(None);
        };
        if key == "type" {
            return Err(self.context.stop(CallbackError::RepeatedType));
        }
        key_into(key, seed).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(raw) => {
                self.context.reading_kept(Some(raw.get()), 0);
                // The text is valid JSON already: any error is about its shape.
                seed.deserialize(raw).map_err(de::Error::custom)
            }
            None => {
                self.context.kept_at.set(None);
                self.live.next_value_seed(seed)
            }
        }
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Rest<'_, 'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Feeds a key to the payload's field visitor, borrowed when it can be.
fn key_into<'de, K: DeserializeSeed<'de>, E: de::Error>(
    key: Cow<'de, str>,
    seed: K,
) -> Result<K::Value, E> {
    match key {
        Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
        Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
    }
}

/// Reads an object key, borrowed from the body unless it has escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(CowVisitor)
    }
}

/// A string, borrowed when the input allows.
struct CowVisitor;

impl<'de> Visitor<'de> for CowVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}
