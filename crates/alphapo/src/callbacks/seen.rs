//! Where the keys of callbacks already handled are remembered.

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use super::dedup::DedupKey;

/// A store of the [`DedupKey`]s of callbacks already handled.
///
/// [`SeenKeys::insert_if_new`] records a key and says whether it was new:
/// handle the callback only when it was, and answer 200 either way (a
/// duplicate was handled before).
///
/// # With a real database
///
/// The in-memory [`InMemorySeenKeys`] forgets on restart and is per process;
/// money needs a database. With the `postgres` or `sqlite` feature, the
/// `callbacks::inbox` module does it all: it inserts the key under a primary
/// key **in the same database transaction as the credit**, so that a crash
/// can never leave a credit without its key (a double credit on the retry)
/// nor a key without its credit (money never credited). For another store,
/// follow the same rule: implement the trait on your transaction handle (so
/// `insert_if_new` runs inside it, as an `INSERT` under a unique key), and
/// reply 200 only after the commit.
///
/// ```
/// use std::collections::HashSet;
/// use std::sync::Mutex;
/// use alphapo::callbacks::{DedupKey, DedupScope, SeenKeys};
///
/// /// A toy store; a real one inserts into a table with a unique key.
/// struct Table(Mutex<HashSet<String>>);
///
/// impl SeenKeys for Table {
///     type Error = std::convert::Infallible;
///
///     async fn insert_if_new(&self, key: &DedupKey) -> Result<bool, Self::Error> {
///         Ok(self.0.lock().unwrap().insert(key.to_string()))
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let table = Table(Mutex::default());
/// let key = DedupKey::new(DedupScope::Transaction, "1", "confirmed");
/// assert_eq!(table.insert_if_new(&key).await, Ok(true));
/// assert_eq!(table.insert_if_new(&key).await, Ok(false));
/// # });
/// ```
pub trait SeenKeys {
    /// Why the store could not answer (a database error, for example). Reply
    /// with a 5xx so that AlphaPo retries.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Records `key`; `Ok(true)` if it was not there before, `Ok(false)` if it
    /// was (the callback is a duplicate).
    ///
    /// # Errors
    ///
    /// When the store fails; nothing may be assumed about the key then.
    ///
    /// ```
    /// use alphapo::callbacks::{DedupKey, DedupScope, InMemorySeenKeys, SeenKeys};
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let seen = InMemorySeenKeys::new(10);
    /// let key = DedupKey::new(DedupScope::Invoice, "588", "confirmed");
    /// assert_eq!(seen.insert_if_new(&key).await, Ok(true));
    /// assert_eq!(seen.insert_if_new(&key).await, Ok(false));
    /// # });
    /// ```
    fn insert_if_new(
        &self,
        key: &DedupKey,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;
}

impl<T: SeenKeys + Send + Sync> SeenKeys for Arc<T> {
    type Error = T::Error;

    fn insert_if_new(
        &self,
        key: &DedupKey,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send {
        T::insert_if_new(self, key)
    }
}

/// A bounded in-memory [`SeenKeys`], for tests, examples and as a cheap
/// first filter in front of a database.
///
/// It remembers the last `capacity` keys (the oldest is forgotten first), in
/// this process only, until it stops: a duplicate that arrives after a
/// restart or after `capacity` newer keys is taken as new. Do not let it be
/// the only guard against crediting twice; see [`SeenKeys`] for a database.
///
/// ```
/// use alphapo::callbacks::{DedupKey, DedupScope, InMemorySeenKeys, SeenKeys};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let seen = InMemorySeenKeys::new(1);
/// let first = DedupKey::new(DedupScope::Transaction, "1", "confirmed");
/// let second = DedupKey::new(DedupScope::Transaction, "2", "confirmed");
/// assert_eq!(seen.insert_if_new(&first).await, Ok(true));
/// assert_eq!(seen.insert_if_new(&second).await, Ok(true));
/// assert_eq!(seen.len(), 1);
/// assert_eq!(seen.insert_if_new(&first).await, Ok(true)); // forgotten
/// # });
/// ```
#[derive(Debug)]
pub struct InMemorySeenKeys {
    capacity: usize,
    keys: Mutex<Remembered>,
}

/// The remembered keys and the order they came in.
#[derive(Debug, Default)]
struct Remembered {
    set: HashSet<DedupKey>,
    order: VecDeque<DedupKey>,
}

impl InMemorySeenKeys {
    /// A store that remembers the last `capacity` keys (at least one).
    ///
    /// ```
    /// let seen = alphapo::callbacks::InMemorySeenKeys::new(0);
    /// assert_eq!(seen.capacity(), 1);
    /// ```
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            keys: Mutex::default(),
        }
    }

    /// How many keys it remembers at most.
    ///
    /// ```
    /// assert_eq!(alphapo::callbacks::InMemorySeenKeys::new(500).capacity(), 500);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many keys it remembers now.
    ///
    /// ```
    /// assert_eq!(alphapo::callbacks::InMemorySeenKeys::new(5).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.lock().set.len()
    }

    /// Whether it remembers no key.
    ///
    /// ```
    /// assert!(alphapo::callbacks::InMemorySeenKeys::new(5).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.lock().set.is_empty()
    }

    /// Records `key` without awaiting; `true` if it was new.
    fn insert(&self, key: &DedupKey) -> bool {
        let mut keys = self.lock();
        if keys.set.contains(key) {
            return false;
        }
        if keys.order.len() >= self.capacity
            && let Some(oldest) = keys.order.pop_front()
        {
            keys.set.remove(&oldest);
        }
        keys.set.insert(key.clone());
        keys.order.push_back(key.clone());
        true
    }

    /// The keys; a panic elsewhere while holding the lock leaves them
    /// consistent (every step above keeps set and order in step or is the
    /// last), so a poisoned lock is used as is.
    fn lock(&self) -> std::sync::MutexGuard<'_, Remembered> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SeenKeys for InMemorySeenKeys {
    type Error = Infallible;

    async fn insert_if_new(&self, key: &DedupKey) -> Result<bool, Infallible> {
        Ok(self.insert(key))
    }
}
