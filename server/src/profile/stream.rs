//! Reading profile.proto's top-level fields one at a time from a stream, so
//! a large profile is never held whole: neither the file nor its
//! decompressed bytes. A gzip'd file is decompressed on a second thread
//! while this one decodes.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{sync_channel, Receiver};

use prost::encoding::WireType;

use super::ProfileError;

/// Decompressed bytes are handed from the gzip thread in chunks this big.
const CHUNK: usize = 256 * 1024;
/// Chunks in flight between the threads (bounds the memory used).
const CHUNKS_IN_FLIGHT: usize = 8;

/// Top-level fields of a protobuf message, read from a buffered stream.
pub(super) struct Fields<R> {
    reader: R,
    /// Bytes read so far, against `limit`.
    consumed: u64,
    limit: u64,
    /// A field too long for the reader's buffer is copied here.
    field: Vec<u8>,
    /// Bytes of the reader's buffer handed out by `delimited` and not yet
    /// consumed (consumed before the next read).
    pending: usize,
}

impl<R: BufRead> Fields<R> {
    pub(super) fn new(reader: R, limit: u64) -> Fields<R> {
        Fields {
            reader,
            consumed: 0,
            limit,
            field: Vec::new(),
            pending: 0,
        }
    }

    /// The first bytes of the stream, without consuming them.
    pub(super) fn peek(&mut self) -> Result<&[u8], ProfileError> {
        self.settle();
        self.reader.fill_buf().map_err(read_error)
    }

    fn settle(&mut self) {
        self.reader.consume(std::mem::take(&mut self.pending));
    }

    fn byte(&mut self) -> Result<Option<u8>, ProfileError> {
        self.settle();
        let buffer = self.reader.fill_buf().map_err(read_error)?;
        let Some(&byte) = buffer.first() else {
            return Ok(None);
        };
        self.reader.consume(1);
        self.count(1)?;
        Ok(Some(byte))
    }

    fn count(&mut self, bytes: u64) -> Result<(), ProfileError> {
        self.consumed += bytes;
        if self.consumed > self.limit {
            return Err(ProfileError::TooLarge { limit: self.limit });
        }
        Ok(())
    }

    /// A varint; `None` only at a clean end of the stream.
    fn varint(&mut self) -> Result<Option<u64>, ProfileError> {
        self.settle();
        // Fast path: the whole varint is in the buffer.
        let buffer = self.reader.fill_buf().map_err(read_error)?;
        if buffer.len() >= 10 {
            let mut rest = buffer;
            let value = super::samples::varint(&mut rest)?;
            let used = buffer.len() - rest.len();
            self.reader.consume(used);
            self.count(used as u64)?;
            return Ok(Some(value));
        }
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(byte) = self.byte()? else {
                return if shift == 0 {
                    Ok(None)
                } else {
                    Err(truncated())
                };
            };
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(Some(value));
            }
        }
        Err(ProfileError::wire("a varint is longer than 10 bytes"))
    }

    /// The next field's tag and wire type, or `None` at the end.
    pub(super) fn key(&mut self) -> Result<Option<(u32, WireType)>, ProfileError> {
        let Some(key) = self.varint()? else {
            return Ok(None);
        };
        let wire = WireType::try_from(key & 7).map_err(|e| ProfileError::wire(e.to_string()))?;
        let tag = u32::try_from(key >> 3)
            .map_err(|_| ProfileError::wire("a field number is too large"))?;
        if tag == 0 {
            return Err(ProfileError::wire("a field has number 0"));
        }
        Ok(Some((tag, wire)))
    }

    pub(super) fn int64(&mut self, wire: WireType) -> Result<i64, ProfileError> {
        if wire != WireType::Varint {
            return Err(ProfileError::wire(
                "an integer field has the wrong wire type",
            ));
        }
        Ok(self.varint()?.ok_or_else(truncated)? as i64)
    }

    /// The bytes of a length-delimited field (valid until the next call):
    /// straight from the reader's buffer when the field fits in it.
    pub(super) fn delimited(&mut self) -> Result<&[u8], ProfileError> {
        let len = self.varint()?.ok_or_else(truncated)?;
        let available = self.reader.fill_buf().map_err(read_error)?.len();
        if len <= available as u64 {
            self.count(len)?;
            self.pending = len as usize;
            let buffer = self.reader.fill_buf().map_err(read_error)?;
            return Ok(&buffer[..len as usize]);
        }
        // Read no more than the limit allows (plus one byte to notice going
        // over): a hostile length allocates nothing it does not read.
        let allowed = self.limit.saturating_sub(self.consumed).saturating_add(1);
        self.field.clear();
        let read = (&mut self.reader)
            .take(len.min(allowed))
            .read_to_end(&mut self.field)
            .map_err(read_error)?;
        self.count(read as u64)?;
        if (read as u64) < len {
            return Err(truncated());
        }
        Ok(&self.field)
    }

    pub(super) fn skip(&mut self, wire: WireType) -> Result<(), ProfileError> {
        match wire {
            WireType::Varint => {
                self.varint()?.ok_or_else(truncated)?;
            }
            WireType::SixtyFourBit => self.skip_bytes(8)?,
            WireType::ThirtyTwoBit => self.skip_bytes(4)?,
            WireType::LengthDelimited => {
                self.delimited()?;
            }
            WireType::StartGroup | WireType::EndGroup => {
                return Err(ProfileError::wire("groups are not part of profile.proto"))
            }
        }
        Ok(())
    }

    fn skip_bytes(&mut self, count: u64) -> Result<(), ProfileError> {
        for _ in 0..count {
            self.byte()?.ok_or_else(truncated)?;
        }
        Ok(())
    }
}

fn truncated() -> ProfileError {
    ProfileError::Truncated
}

fn read_error(e: std::io::Error) -> ProfileError {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => ProfileError::Truncated,
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
            ProfileError::Damaged(e.to_string())
        }
        _ => ProfileError::Io(e),
    }
}

/// Decompresses `compressed` on its own thread; the returned reader yields
/// the decompressed bytes.
pub(super) fn gunzip_in_background(
    compressed: impl Read + Send + 'static,
) -> BufReader<ChunkReader> {
    let (sender, receiver) = sync_channel(CHUNKS_IN_FLIGHT);
    std::thread::Builder::new()
        .name("pprof-gunzip".into())
        .spawn(move || {
            let mut gz =
                flate2::read::MultiGzDecoder::new(BufReader::with_capacity(CHUNK, compressed));
            loop {
                let mut chunk = vec![0u8; CHUNK];
                match read_full(&mut gz, &mut chunk) {
                    Ok(0) => return,
                    Ok(n) => {
                        chunk.truncate(n);
                        if sender.send(Ok(chunk)).is_err() {
                            return; // the decoder stopped (an error, or the limit)
                        }
                    }
                    Err(e) => {
                        let _ = sender.send(Err(e));
                        return;
                    }
                }
            }
        })
        .expect("spawn the gunzip thread");
    BufReader::with_capacity(
        CHUNK,
        ChunkReader {
            chunks: receiver,
            current: Vec::new(),
            at: 0,
        },
    )
}

fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Reads the chunks the gunzip thread sends.
pub(super) struct ChunkReader {
    chunks: Receiver<std::io::Result<Vec<u8>>>,
    current: Vec<u8>,
    at: usize,
}

impl Read for ChunkReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.current.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    self.current = chunk?;
                    self.at = 0;
                }
                Err(_) => return Ok(0), // the thread finished
            }
        }
        let n = out.len().min(self.current.len() - self.at);
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
