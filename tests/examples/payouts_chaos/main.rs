//! The payouts outbox under crashes and faults (issue 17, "Proof"): real
//! worker processes (`payout_worker`), killed with SIGKILL at seeded random
//! moments and restarted, sending 1,000 withdrawals to a sandbox that fails
//! `withdrawal_crypto` on purpose in every API fault mode at a seeded rate.
//!
//! ```text
//! cargo build -p alphapo-tests --example payout_worker --example payouts_chaos
//! payouts_chaos --database-url postgres://... --workers 4 --payouts 1000 --seed 7
//! payouts_chaos --sqlite target/payouts-chaos.db --workers 1 --payouts 300 --seed 7
//! payouts_chaos --database-url postgres://... --workers 4 --payouts 5000 --bench \
//!     --batch 100 --concurrency 32
//! ```
//!
//! It starts a sandbox in this process (withdrawals confirmed by the
//! sandbox itself, callbacks to a receiver this process serves: an
//! [`Inbox`] with [`PayoutCallbacks`] around a handler that records each
//! confirmed withdrawal's `foreign_id` in the inbox's transaction),
//! enqueues the payouts (distinct `foreign_id`s and exact decimal amounts)
//! in transactions, runs the workers until every payout is `confirmed` or
//! `--max-seconds` pass, then checks: one sandbox withdrawal per payout,
//! with its amount; the sums equal exactly; every payout `confirmed` and
//! its confirmed callback handled once. It prints the counts and exits 1
//! on any violation. PostgreSQL runs in a fresh database it creates and
//! drops; SQLite in a fresh file.
//!
//! `--bench`: no faults and no kills; prints payouts per second (all sent,
//! and all confirmed). Run it on a release build.

mod shared;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use alphapo::callbacks::inbox::{Handler, Inbox};
use alphapo::callbacks::{Callback, ServeConfig, Verifier, serve};
use alphapo::payouts::{Backend, ListFilter, Outbox, PayoutCallbacks, PayoutState};
use alphapo::{Amount, Client, types};
use alphapo_sandbox::{
    Fault, FaultMode, FaultTarget, RedeliverySchedule, Sandbox, SandboxConfig, SandboxHandle,
};
use rust_decimal::Decimal;
use sqlx::{Database, Encode, Executor, IntoArguments, Pool, Postgres, Sqlite, Type};

use shared::{Args, fail};

/// The merchant table the callback handler writes, one row per confirmed
/// withdrawal callback handled.
const CONFIRMED_TABLE: &str = "CREATE TABLE chaos_confirmed (foreign_id TEXT NOT NULL)";

/// How the run is set up.
struct Plan {
    workers: usize,
    payouts: u32,
    seed: u64,
    bench: bool,
    max_run: Duration,
    timeout: Duration,
    /// Each worker's claim size and sends at once.
    batch: u32,
    concurrency: u32,
    worker: PathBuf,
}

#[tokio::main]
async fn main() {
    let args = Args::from_env();
    let bench = args.flag("bench");
    let plan = Plan {
        workers: args.number("workers", 4),
        payouts: args.number("payouts", 1_000),
        seed: args.number("seed", 7),
        bench,
        max_run: Duration::from_secs(args.number("max-seconds", 150)),
        timeout: args.millis("timeout-ms", 1_000),
        batch: args.number("batch", 10),
        concurrency: args.number("concurrency", 10),
        worker: args
            .text("worker")
            .map_or_else(worker_next_to_me, PathBuf::from),
    };
    if !plan.worker.is_file() {
        fail(&format!(
            "no worker binary at {} (cargo build -p alphapo-tests --example payout_worker)",
            plan.worker.display()
        ));
    }
    let passed = match (args.text("database-url"), args.text("sqlite")) {
        (Some(url), None) if shared::is_postgres(url) => on_postgres(url, &plan).await,
        (None, Some(path)) => on_sqlite(path, &plan).await,
        _ => fail("give --database-url postgres://... or --sqlite PATH"),
    };
    std::process::exit(if passed { 0 } else { 1 });
}

/// `payout_worker` beside this executable.
fn worker_next_to_me() -> PathBuf {
    std::env::current_exe()
        .unwrap_or_else(|error| fail(&format!("own path: {error}")))
        .with_file_name(format!("payout_worker{}", std::env::consts::EXE_SUFFIX))
}

/// The run in a fresh PostgreSQL database next to `url`'s, dropped after.
async fn on_postgres(url: &str, plan: &Plan) -> bool {
    let admin = shared::postgres(url, 2).await;
    let name = format!("payouts_chaos_{}", std::process::id());
    let (server, _) = url
        .rsplit_once('/')
        .unwrap_or_else(|| fail("--database-url has no database name"));
    let fresh = format!("{server}/{name}");
    execute(&admin, &format!("CREATE DATABASE {name}")).await;
    let passed = run::<Postgres>(shared::postgres(&fresh, 16).await, &fresh, plan).await;
    execute(&admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
    passed
}

/// The run in a fresh SQLite file at `path`.
async fn on_sqlite(path: &str, plan: &Plan) -> bool {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let url = format!("sqlite://{path}?mode=rwc");
    run::<Sqlite>(shared::sqlite(&url, 4).await, &url, plan).await
}

/// Runs one statement, or fails the run.
async fn execute<DB: Database>(pool: &Pool<DB>, statement: &str)
where
    for<'c> &'c Pool<DB>: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
{
    sqlx::query(statement)
        .execute(pool)
        .await
        .unwrap_or_else(|error| fail(&format!("{statement}: {error}")));
}

/// The whole run on one database; whether every check passed.
async fn run<DB>(pool: Pool<DB>, url: &str, plan: &Plan) -> bool
where
    DB: Backend,
    DB::Connection: sqlx::migrate::Migrate,
    for<'c> &'c Pool<DB>: Executor<'c, Database = DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'r> (String,): sqlx::FromRow<'r, DB::Row>,
{
    let started = Instant::now();
    let receiver = Receiver::start(pool.clone()).await;
    let sandbox = start_sandbox(plan, &receiver.url).await;
    let client = Client::builder()
        .credentials(shared::credentials())
        .base_url(sandbox.base_url())
        .build()
        .unwrap_or_else(|error| fail(&format!("client: {error}")));
    let outbox = Outbox::new(pool.clone(), client.clone());
    outbox
        .migrate()
        .await
        .unwrap_or_else(|error| fail(&format!("migrate: {error}")));
    execute(&pool, CONFIRMED_TABLE).await;
    let intents = enqueue(&pool, &client, plan).await;
    if !plan.bench {
        arm_faults(&sandbox, plan);
    }

    let mut workers = Workers::new(plan, url, sandbox.base_url());
    let mut chaos = Rng(plan.seed);
    let deadline = Instant::now() + plan.max_run;
    let sending = Instant::now();
    let mut all_sent = None;
    let mut next_kill = Instant::now() + chaos.millis(300, 1_200);
    loop {
        let states = states(&outbox).await;
        let confirmed = states.get("confirmed").copied().unwrap_or(0);
        let unsent = ["pending", "unknown"]
            .iter()
            .filter_map(|state| states.get(*state))
            .sum::<usize>();
        if unsent == 0 && all_sent.is_none() {
            all_sent = Some(sending.elapsed());
        }
        if confirmed == intents.len() || Instant::now() >= deadline {
            break;
        }
        workers.restart_exited();
        if !plan.bench && Instant::now() >= next_kill {
            workers.kill_one(&mut chaos);
            next_kill = Instant::now() + chaos.millis(300, 1_200);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let elapsed = sending.elapsed();
    workers.stop();
    // Callbacks in flight land before the checks.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let payouts = outbox
        .list(ListFilter::default().limit(u32::MAX))
        .await
        .unwrap_or_else(|error| fail(&format!("list: {error}")));
    let withdrawals = sandbox_withdrawals(&sandbox).await;
    let handled = confirmed_callbacks(&pool).await;
    let verdict = Verdict::new(&intents, &payouts, &withdrawals, &handled);
    let struck = struck_faults(&sandbox);
    receiver.stop();
    sandbox.shutdown().await;

    let attempts: u64 = payouts
        .iter()
        .map(|payout| u64::from(payout.attempts))
        .sum();
    let retried = payouts.iter().filter(|payout| payout.attempts > 1).count();
    println!(
        "payouts chaos ({}): {} payouts, {} worker process(es), seed {}",
        if plan.bench {
            "bench"
        } else {
            "faults and kills"
        },
        intents.len(),
        plan.workers,
        plan.seed
    );
    println!(
        "  sent: {attempts} attempts; {retried} payouts needed more than one (timeouts, 5xx, drops, 429s, kills: reconciled)"
    );
    println!(
        "  kills: {} (SIGKILL), restarts: {}, workers that exited by themselves: {}",
        workers.kills, workers.restarts, workers.exited
    );
    println!("  faults struck on withdrawal_crypto: {struck}");
    println!(
        "  sandbox withdrawals: {}; double: {}; lost: {}; wrong amount: {}; not confirmed: {}; confirmed callbacks handled: {}",
        withdrawals.len(),
        verdict.double,
        verdict.lost,
        verdict.wrong_amount,
        verdict.not_confirmed,
        handled.len()
    );
    println!(
        "  sum enqueued {} BTC, sum withdrawn {} BTC",
        verdict.enqueued_sum, verdict.withdrawn_sum
    );
    let per_second = |took: Duration| intents.len() as f64 / took.as_secs_f64().max(f64::EPSILON);
    if let Some(sent) = all_sent {
        println!(
            "  all sent after {:.2} s ({:.0} payouts/s)",
            sent.as_secs_f64(),
            per_second(sent)
        );
    }
    println!(
        "  all confirmed after {:.2} s ({:.0} payouts/s); whole run {:.2} s",
        elapsed.as_secs_f64(),
        per_second(elapsed),
        started.elapsed().as_secs_f64()
    );
    for payout in payouts
        .iter()
        .filter(|payout| payout.state != PayoutState::Confirmed)
        .take(10)
    {
        println!(
            "  not confirmed: {} is {} after {} attempts (API id {:?}, last error {:?})",
            payout.foreign_id, payout.state, payout.attempts, payout.api_id, payout.last_error
        );
    }
    let problems = verdict.problems(workers.exited);
    for problem in &problems {
        println!("  VIOLATION: {problem}");
    }
    problems.is_empty()
}

/// A sandbox that confirms withdrawals itself, holds enough BTC, retries
/// callbacks quickly and draws its fault rates from the run's seed.
async fn start_sandbox(plan: &Plan, callbacks: &reqwest::Url) -> SandboxHandle {
    let mut config = SandboxConfig::new(shared::credentials());
    config.callback_url = Some(callbacks.clone());
    config.withdrawal_confirmation = Some(Duration::from_millis(100));
    config.fault_seed = plan.seed;
    config
        .initial_balances
        .insert("BTC".to_owned(), Amount::from(1_000_u64));
    // 50 retries, from 100 ms doubling up to a second apart.
    config.callback_retry = RedeliverySchedule {
        waits: (0..50_u32)
            .map(|retry| Duration::from_millis(100_u64 << retry.min(3)).min(Duration::from_secs(1)))
            .collect(),
        attempt_timeout: Duration::from_secs(5),
    };
    Sandbox::start(config)
        .await
        .unwrap_or_else(|error| fail(&format!("sandbox: {error}")))
}

/// Every API fault mode on `withdrawal_crypto`, each at the same rate; the
/// latency outlasts the workers' client timeout.
fn arm_faults(sandbox: &SandboxHandle, plan: &Plan) {
    let rate = "0.03"
        .parse()
        .unwrap_or_else(|error| fail(&format!("rate: {error}")));
    let modes = [
        FaultMode::ServerError { status: 503 },
        FaultMode::ServerErrorAfterCommit { status: 502 },
        FaultMode::DropBeforeCommit,
        FaultMode::DropAfterCommit,
        FaultMode::RateLimited { retry_after: 1 },
        FaultMode::Latency {
            millis: u64::try_from(plan.timeout.as_millis())
                .unwrap_or(u64::MAX)
                .saturating_add(500),
        },
    ];
    for mode in modes {
        let fault = Fault::new(FaultTarget::operation("withdrawal_crypto"), mode).rate(rate);
        sandbox
            .inject(fault)
            .unwrap_or_else(|error| fail(&format!("fault: {error}")));
    }
}

/// What each armed fault struck, `mode=count` joined.
fn struck_faults(sandbox: &SandboxHandle) -> String {
    let faults = sandbox.faults();
    let total: u64 = faults.iter().map(|fault| fault.struck).sum();
    let each: Vec<String> = faults
        .iter()
        .map(|fault| format!("{}={}", fault.mode, fault.struck))
        .collect();
    format!("{total} ({})", each.join(", "))
}

/// Enqueues the payouts, 50 to a transaction: distinct `foreign_id`s and
/// amounts (0.001 BTC plus i satoshis). Returns amount by `foreign_id`.
async fn enqueue<DB: Backend>(
    pool: &Pool<DB>,
    client: &Client,
    plan: &Plan,
) -> HashMap<String, Decimal> {
    let address = client
        .generated()
        .addresses_take()
        .body(
            types::AddressTakeRequest::builder()
                .currency("BTC")
                .foreign_id("chaos-destination")
                .end_user_reference("chaos"),
        )
        .send()
        .await
        .unwrap_or_else(|error| fail(&format!("addresses/take: {error}")))
        .into_inner()
        .data
        .address;
    let mut intents = HashMap::new();
    let ids: Vec<u32> = (0..plan.payouts).collect();
    for chunk in ids.chunks(50) {
        let mut tx = pool
            .begin()
            .await
            .unwrap_or_else(|error| fail(&format!("begin: {error}")));
        for i in chunk {
            let foreign_id = format!("chaos-{}-{i}", plan.seed);
            let amount = Decimal::new(100_000 + i64::from(*i), 8);
            let request = types::WithdrawalRequest::builder()
                .currency("BTC")
                .amount(Amount::new(amount))
                .address(address.clone())
                .end_user_reference(format!("customer-{i}"))
                .foreign_id(foreign_id.clone());
            let request = types::WithdrawalRequest::try_from(request)
                .unwrap_or_else(|error| fail(&format!("request: {error}")));
            Outbox::<DB>::enqueue(&mut tx, request)
                .await
                .unwrap_or_else(|error| fail(&format!("enqueue {foreign_id}: {error}")));
            intents.insert(foreign_id, amount);
        }
        tx.commit()
            .await
            .unwrap_or_else(|error| fail(&format!("commit: {error}")));
    }
    intents
}

/// How many payouts are in each state.
async fn states<DB: Backend>(outbox: &Outbox<DB>) -> HashMap<&'static str, usize> {
    let mut states = HashMap::new();
    // A database hiccup under load: count nothing this time round.
    for payout in outbox
        .list(ListFilter::default().limit(u32::MAX))
        .await
        .unwrap_or_default()
    {
        *states.entry(payout.state.as_str()).or_default() += 1;
    }
    states
}

/// One sandbox withdrawal: its `foreign_id`, amount and status.
#[derive(serde::Deserialize)]
struct Withdrawal {
    foreign_id: Option<String>,
    amount: Option<Amount>,
    status: String,
}

/// `GET /_sandbox/withdrawals`.
async fn sandbox_withdrawals(sandbox: &SandboxHandle) -> Vec<Withdrawal> {
    let url = format!("{}/_sandbox/withdrawals", sandbox.base_url());
    let response = reqwest::get(&url)
        .await
        .unwrap_or_else(|error| fail(&format!("{url}: {error}")));
    response
        .json()
        .await
        .unwrap_or_else(|error| fail(&format!("{url}: {error}")))
}

/// The `foreign_id` of each confirmed callback the handler committed.
async fn confirmed_callbacks<DB: Database>(pool: &Pool<DB>) -> Vec<String>
where
    for<'c> &'c Pool<DB>: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'r> (String,): sqlx::FromRow<'r, DB::Row>,
{
    sqlx::query_as::<DB, (String,)>("SELECT foreign_id FROM chaos_confirmed")
        .fetch_all(pool)
        .await
        .unwrap_or_else(|error| fail(&format!("chaos_confirmed: {error}")))
        .into_iter()
        .map(|(foreign_id,)| foreign_id)
        .collect()
}

/// The checks, counted.
struct Verdict {
    double: usize,
    lost: usize,
    strangers: usize,
    wrong_amount: usize,
    not_confirmed: usize,
    callbacks_missing_or_repeated: usize,
    enqueued_sum: Decimal,
    withdrawn_sum: Decimal,
}

impl Verdict {
    fn new(
        intents: &HashMap<String, Decimal>,
        payouts: &[alphapo::payouts::Payout],
        withdrawals: &[Withdrawal],
        handled: &[String],
    ) -> Self {
        let mut by_foreign_id: HashMap<&str, Vec<&Withdrawal>> = HashMap::new();
        for withdrawal in withdrawals {
            let key = withdrawal.foreign_id.as_deref().unwrap_or_default();
            by_foreign_id.entry(key).or_default().push(withdrawal);
        }
        let mut handled_count: HashMap<&str, usize> = HashMap::new();
        for foreign_id in handled {
            *handled_count.entry(foreign_id).or_default() += 1;
        }
        let found = |id: &str| by_foreign_id.get(id).map_or(&[][..], Vec::as_slice);
        let payout_states: HashMap<&str, PayoutState> = payouts
            .iter()
            .map(|payout| (payout.foreign_id.as_str(), payout.state))
            .collect();
        let withdrawn_sum = withdrawals
            .iter()
            .filter_map(|withdrawal| withdrawal.amount.map(|amount| amount.value()))
            .fold(Decimal::ZERO, |sum, amount| sum + amount);
        Self {
            double: intents.keys().filter(|id| found(id).len() > 1).count(),
            lost: intents.keys().filter(|id| found(id).is_empty()).count(),
            strangers: by_foreign_id
                .keys()
                .filter(|id| !intents.contains_key(**id))
                .count(),
            wrong_amount: intents
                .iter()
                .filter(|(id, amount)| {
                    found(id)
                        .iter()
                        .any(|w| w.amount.map(|a| a.value()) != Some(**amount))
                })
                .count(),
            not_confirmed: intents
                .keys()
                .filter(|id| {
                    payout_states.get(id.as_str()) != Some(&PayoutState::Confirmed)
                        || found(id).iter().any(|w| w.status != "confirmed")
                })
                .count(),
            callbacks_missing_or_repeated: intents
                .keys()
                .filter(|id| handled_count.get(id.as_str()) != Some(&1))
                .count(),
            enqueued_sum: intents.values().fold(Decimal::ZERO, |sum, a| sum + a),
            withdrawn_sum,
        }
    }

    /// Each violated check, in words.
    fn problems(&self, exited: u32) -> Vec<String> {
        let mut problems = Vec::new();
        let mut check = |count: usize, what: &str| {
            if count > 0 {
                problems.push(format!("{count} {what}"));
            }
        };
        check(self.double, "payouts withdrawn more than once");
        check(self.lost, "payouts never withdrawn");
        check(self.strangers, "sandbox withdrawals no payout asked for");
        check(self.wrong_amount, "withdrawals of another amount");
        check(self.not_confirmed, "payouts not confirmed");
        check(
            self.callbacks_missing_or_repeated,
            "payouts whose confirmed callback was not handled exactly once",
        );
        check(
            exited as usize,
            "worker processes that exited by themselves",
        );
        if self.enqueued_sum != self.withdrawn_sum {
            problems.push(format!(
                "withdrawn {} BTC for {} BTC enqueued",
                self.withdrawn_sum, self.enqueued_sum
            ));
        }
        problems
    }
}

/// The merchant's handler: one row per confirmed withdrawal callback, in
/// the inbox's transaction.
struct RecordConfirmed;

impl<DB: Database> Handler<DB> for RecordConfirmed
where
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    type Error = sqlx::Error;

    async fn handle(
        &self,
        db: &mut DB::Connection,
        callback: &Callback,
    ) -> Result<(), sqlx::Error> {
        let Callback::Withdrawal(withdrawal) = callback else {
            return Ok(());
        };
        if withdrawal.status.as_str() != "confirmed" {
            return Ok(());
        }
        let foreign_id = withdrawal
            .foreign_id
            .as_ref()
            .map(|id| id.as_str().to_owned())
            .unwrap_or_default();
        sqlx::query("INSERT INTO chaos_confirmed (foreign_id) VALUES ($1)")
            .bind(foreign_id)
            .execute(db)
            .await?;
        Ok(())
    }
}

/// The callback receiver: the inbox with [`PayoutCallbacks`], served on
/// 127.0.0.1 until stopped.
struct Receiver {
    url: reqwest::Url,
    stop: tokio::sync::oneshot::Sender<()>,
}

impl Receiver {
    async fn start<DB>(pool: Pool<DB>) -> Self
    where
        DB: Backend,
        for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
        for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
        for<'q> &'q str: Encode<'q, DB> + Type<DB>,
        for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
        for<'q> String: Encode<'q, DB> + Type<DB>,
    {
        let verifier = Verifier::new(&shared::credentials());
        let app = Inbox::new(pool).router(
            "/callbacks",
            verifier,
            PayoutCallbacks::new(RecordConfirmed),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| fail(&format!("receiver: {error}")));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| fail(&format!("receiver: {error}")));
        let (stop, stopped) = tokio::sync::oneshot::channel();
        tokio::spawn(serve(listener, app, ServeConfig::default(), async move {
            let _ = stopped.await;
        }));
        let url = format!("http://{address}/callbacks")
            .parse()
            .unwrap_or_else(|error| fail(&format!("receiver URL: {error}")));
        Self { url, stop }
    }

    fn stop(self) {
        let _ = self.stop.send(());
    }
}

/// The worker processes.
struct Workers {
    command: Vec<String>,
    program: PathBuf,
    children: Vec<Child>,
    kills: u32,
    restarts: u32,
    exited: u32,
}

impl Workers {
    fn new(plan: &Plan, database: &str, sandbox: &str) -> Self {
        let command = [
            "--database-url",
            database,
            "--sandbox-url",
            sandbox,
            "--timeout-ms",
            &plan.timeout.as_millis().to_string(),
            "--stop-after-secs",
            &(plan.max_run.as_secs() + 30).to_string(),
            "--batch",
            &plan.batch.to_string(),
            "--concurrency",
            &plan.concurrency.to_string(),
        ]
        .map(str::to_owned)
        .to_vec();
        let mut workers = Self {
            command,
            program: plan.worker.clone(),
            children: Vec::new(),
            kills: 0,
            restarts: 0,
            exited: 0,
        };
        workers.children = (0..plan.workers).map(|_| workers.spawn()).collect();
        workers
    }

    fn spawn(&self) -> Child {
        Command::new(&self.program)
            .args(&self.command)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| fail(&format!("{}: {error}", self.program.display())))
    }

    /// SIGKILLs a worker chosen by `rng` and starts another in its place.
    fn kill_one(&mut self, rng: &mut Rng) {
        if self.children.is_empty() {
            return;
        }
        let index = rng.below(self.children.len());
        let child = &mut self.children[index];
        // Child::kill is SIGKILL on Unix.
        let _ = child.kill();
        let _ = child.wait();
        self.kills += 1;
        self.children[index] = self.spawn();
        self.restarts += 1;
    }

    /// Restarts the workers that exited without being killed (counted).
    fn restart_exited(&mut self) {
        for index in 0..self.children.len() {
            if let Ok(Some(status)) = self.children[index].try_wait() {
                eprintln!("payouts chaos: a worker exited by itself: {status}");
                self.exited += 1;
                self.children[index] = self.spawn();
                self.restarts += 1;
            }
        }
    }

    /// Kills them all.
    fn stop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.children.clear();
    }
}

/// SplitMix64: the seeded choices of when and whom to kill.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound as u64).unwrap_or(0)
    }

    fn millis(&mut self, low: u64, high: u64) -> Duration {
        Duration::from_millis(low + self.next() % (high - low))
    }
}
