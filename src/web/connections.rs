//! What one address may hold open, and how long a request body may take.
//!
//! A client that opens hundreds of connections and then sends its body slowly (or
//! never) costs nothing in CPU but holds file descriptors: at the process's limit,
//! everyone else's requests fail. So each address may hold at most
//! `MAX_CONNECTIONS_PER_ADDRESS` connections (further ones are answered 429 and
//! closed), and a request body must arrive within `BODY_TIMEOUT` (else 408).

use std::any::Any;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage, HttpResponse};
use futures_util::StreamExt;

use super::limit::AddressGroup;

/// Connections one address (IPv6: one /64) may hold open at once.
pub const MAX_CONNECTIONS_PER_ADDRESS: u32 = 64;
/// Time a request body has to arrive in full, once the head is in.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request body read (the report form is the only one; 1,000 characters
/// of any script percent-encoded fit).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Open connections per address group, shared by every worker.
#[derive(Clone, Default)]
pub struct ConnectionTable {
    open: Arc<Mutex<HashMap<AddressGroup, u32>>>,
    cap: Option<u32>,
    /// Addresses never capped (trusted reverse proxies).
    exempt: Arc<Vec<IpAddr>>,
}

/// Held in a connection's data for as long as it is open; gives its place back
/// when dropped.
pub struct ConnectionSlot {
    table: ConnectionTable,
    group: AddressGroup,
    /// This connection is over its address's cap: its requests are refused.
    pub over_cap: bool,
}

impl ConnectionTable {
    /// A table that lets each address hold `cap` connections.
    pub fn with_cap(cap: u32) -> ConnectionTable {
        ConnectionTable {
            open: Arc::default(),
            cap: Some(cap.max(1)),
            exempt: Arc::default(),
        }
    }

    /// The same, with `addresses` (trusted proxies) never capped.
    pub fn exempt(mut self, addresses: Vec<IpAddr>) -> ConnectionTable {
        self.exempt = Arc::new(addresses);
        self
    }

    /// Take a place for a new connection from `ip`.
    pub fn open(&self, ip: IpAddr) -> ConnectionSlot {
        let group = AddressGroup::of(ip);
        let mut open = self.lock();
        let count = open.entry(group).or_insert(0);
        *count += 1;
        let over_cap = self.cap.is_some_and(|cap| *count > cap) && !self.exempt.contains(&ip);
        ConnectionSlot {
            table: self.clone(),
            group,
            over_cap,
        }
    }

    /// Connections open now from `ip`'s group.
    pub fn open_from(&self, ip: IpAddr) -> u32 {
        self.lock().get(&AddressGroup::of(ip)).copied().unwrap_or(0)
    }

    /// For `HttpServer::on_connect`: record each new TCP connection.
    pub fn on_connect(&self) -> impl Fn(&dyn Any, &mut Extensions) + Send + Sync + Clone + 'static {
        let table = self.clone();
        move |connection, data| {
            let peer = connection
                .downcast_ref::<actix_web::rt::net::TcpStream>()
                .and_then(|stream| stream.peer_addr().ok());
            if let Some(peer) = peer {
                data.insert(table.open(peer.ip()));
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<AddressGroup, u32>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut open = self.table.lock();
        if let Some(count) = open.get_mut(&self.group) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.group);
            }
        }
    }
}

/// Refuse requests on connections over their address's cap, and read any request
/// body within `BODY_TIMEOUT` and `MAX_BODY_BYTES` before a handler sees it.
pub async fn connection_limits(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let over_cap = req
        .conn_data::<ConnectionSlot>()
        .is_some_and(|slot| slot.over_cap);
    if over_cap {
        let response = HttpResponse::TooManyRequests()
            .insert_header((header::RETRY_AFTER, "10"))
            .force_close()
            .body("too many connections from this address");
        return Ok(req.into_response(response).map_into_right_body());
    }
    if has_body(&req) {
        match read_body(req.take_payload()).await {
            Ok(body) => req.set_payload(Payload::from(body)),
            Err(refusal) => return Ok(req.into_response(refusal.response()).map_into_right_body()),
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn has_body(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|length| length.trim() != "0")
}

/// Why a request body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyRefusal {
    /// Not all there within `BODY_TIMEOUT` (408).
    TooSlow,
    /// More than `MAX_BODY_BYTES` (413).
    TooLarge,
    /// The connection broke off mid-body (400).
    Broken,
}

impl BodyRefusal {
    fn response(self) -> HttpResponse {
        let (mut builder, message) = match self {
            BodyRefusal::TooSlow => (
                HttpResponse::RequestTimeout(),
                "the request body did not arrive in time".to_string(),
            ),
            BodyRefusal::TooLarge => (
                HttpResponse::PayloadTooLarge(),
                format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
            ),
            BodyRefusal::Broken => (
                HttpResponse::BadRequest(),
                "the request body could not be read".to_string(),
            ),
        };
        builder.force_close().body(message)
    }
}

/// The whole body, read within `BODY_TIMEOUT` and `MAX_BODY_BYTES`.
async fn read_body(mut payload: Payload) -> Result<Bytes, BodyRefusal> {
    let read = async {
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|_| BodyRefusal::Broken)?;
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(BodyRefusal::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    };
    actix_web::rt::time::timeout(BODY_TIMEOUT, read)
        .await
        .unwrap_or(Err(BodyRefusal::TooSlow))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_over_its_address_cap_is_marked_and_places_come_back() {
        let table = ConnectionTable::with_cap(2);
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let first = table.open(ip);
        let second = table.open(ip);
        let third = table.open(ip);
        assert!(!first.over_cap && !second.over_cap);
        assert!(third.over_cap);
        assert!(!table.open("203.0.113.10".parse().unwrap()).over_cap);
        drop(third);
        drop(second);
        assert_eq!(table.open_from(ip), 1);
        assert!(
            !table.open(ip).over_cap,
            "a closed connection frees its place"
        );
    }
}
