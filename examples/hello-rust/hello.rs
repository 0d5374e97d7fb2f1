// A WAGI function in Rust (std, wasm32-wasi): greets, then does some work worth metering.
// "?n=N" sets how many Collatz sequences it walks (default 1000).
use std::env;
use std::io::{self, Read, Write};

fn collatz_steps(mut x: u64) -> u32 {
    let mut steps = 0;
    while x != 1 {
        x = if x % 2 == 0 { x / 2 } else { 3 * x + 1 };
        steps += 1;
    }
    steps
}

fn main() {
    let query = env::var("QUERY_STRING").unwrap_or_default();
    let n: u64 = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("n="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mut body = String::new();
    io::stdin().read_to_string(&mut body).unwrap_or(0);
    let longest = (1..=n).map(|x| (collatz_steps(x), x)).max().unwrap_or((0, 0));
    let method = env::var("REQUEST_METHOD").unwrap_or_default();
    let mut out = io::stdout();
    write!(out, "Content-Type: text/plain\n\n").unwrap();
    writeln!(out, "Hello from Rust on Wasmhive! ({} with {} bytes)", method, body.len()).unwrap();
    writeln!(out, "longest Collatz sequence below {}: {} steps from {}", n, longest.0, longest.1).unwrap();
}
