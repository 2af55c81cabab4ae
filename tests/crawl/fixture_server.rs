//! A small HTTP server on 127.0.0.1 for crawler tests, written on std sockets so a
//! test can make it misbehave in ways a real server library would not: hang, close
//! without answering, promise more body than it sends, stream 20 MB.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server does for one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A normal answer; with an ETag, a matching If-None-Match gets 304.
    Page {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        etag: Option<String>,
    },
    /// Wait, then answer.
    Slow(Duration, Box<Reply>),
    /// Close the connection without a word.
    Close,
    /// Promise `claimed` bytes, send `body`, close.
    Truncated { claimed: usize, body: Vec<u8> },
    /// Stream this many bytes with no Content-Length.
    Huge(usize),
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Page {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            etag: None,
        }
    }

    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("text/html; charset=utf-8", body)
    }

    pub fn status(status: u16, headers: &[(&str, &str)]) -> Reply {
        Reply::Page {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
            etag: None,
        }
    }

    pub fn with_etag(self, tag: &str) -> Reply {
        match self {
            Reply::Page {
                status,
                headers,
                body,
                ..
            } => Reply::Page {
                status,
                headers,
                body,
                etag: Some(tag.to_string()),
            },
            other => other,
        }
    }
}

/// A request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub target: String,
    pub headers: HashMap<String, String>,
    pub at: Instant,
}

#[derive(Default)]
struct State {
    /// Replies per request target; the first is used and removed while more follow.
    routes: HashMap<String, Vec<Reply>>,
    seen: Vec<Seen>,
}

pub struct FixtureServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl FixtureServer {
    pub fn start() -> FixtureServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        FixtureServer { addr, state }
    }

    pub fn url(&self, target: &str) -> String {
        format!("http://{}{target}", self.addr)
    }

    /// Answer `target` with `reply` from now on.
    pub fn set(&self, target: &str, reply: Reply) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(target.to_string(), vec![reply]);
    }

    /// Answer `target` with each reply in turn, the last one from then on.
    pub fn set_sequence(&self, target: &str, replies: Vec<Reply>) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(target.to_string(), replies);
    }

    /// Requests for `target` seen so far.
    pub fn seen(&self, target: &str) -> Vec<Seen> {
        let state = self.state.lock().unwrap();
        state
            .seen
            .iter()
            .filter(|s| s.target == target)
            .cloned()
            .collect()
    }

    pub fn all_seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let reply = {
        let mut state = state.lock().unwrap();
        state.seen.push(Seen {
            target: target.clone(),
            headers: headers.clone(),
            at: Instant::now(),
        });
        match state.routes.get_mut(&target) {
            Some(replies) if replies.len() > 1 => Some(replies.remove(0)),
            Some(replies) => replies.first().cloned(),
            None => None,
        }
    };
    let reply = reply.unwrap_or(Reply::Page {
        status: 404,
        headers: Vec::new(),
        body: b"not found".to_vec(),
        etag: None,
    });
    respond(stream, reply, &headers);
}

fn respond(mut stream: TcpStream, reply: Reply, request: &HashMap<String, String>) {
    match reply {
        Reply::Page {
            status,
            headers,
            body,
            etag,
        } => {
            if etag.is_some() && request.get("if-none-match") == etag.as_ref() {
                let _ = write!(
                    stream,
                    "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n"
                );
                return;
            }
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            if let Some(tag) = etag {
                head.push_str(&format!("ETag: {tag}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Slow(delay, then) => {
            std::thread::sleep(delay);
            respond(stream, *then, request);
        }
        Reply::Close => drop(stream),
        Reply::Truncated { claimed, body } => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {claimed}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(&body);
        }
        Reply::Huge(bytes) => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
            );
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
                sent += chunk.len();
            }
        }
    }
}
