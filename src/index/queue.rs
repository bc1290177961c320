//! A bound on the articles waiting for tantivy's writer threads.
//!
//! tantivy queues up to 10,000 documents for its writer threads, and the readers are usually
//! the faster side, so that queue stayed full. A lede document carries its prose twice (the
//! stored fields and the unstemmed `exact` copy; three times for articles with their own
//! language's stems), so the queue alone held tens of MB. Here each document holds a place
//! while it waits, and a reader that finds every place taken waits for the writer instead.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tantivy::schema::document::Document;
use tantivy::{IndexWriter, Opstamp, TantivyDocument};

/// Places per writer thread: enough that a writer never waits for a reader (an article takes a
/// writer thread well under a millisecond), few enough to hold only a few MB.
pub(crate) const PLACES_PER_THREAD: usize = 200;

/// How long a reader waits for a place before it lets one article through anyway: tantivy gives
/// no sign that its writer threads died (their queue would then never drain), and one article
/// through finds out, since tantivy refuses it. A live writer that is busy (writing out a
/// segment takes seconds) gets one more article per wait, which bounds the overshoot.
const PATIENCE: Duration = Duration::from_secs(1);

/// The places, shared by the readers and the documents holding them.
#[derive(Debug, Default)]
struct Places {
    state: Mutex<State>,
    freed: Condvar,
}

/// How many places are taken, and whether waiting still makes sense.
#[derive(Debug, Default)]
struct State {
    taken: usize,
    /// Set once tantivy refused a document: no wait makes sense after that.
    closed: bool,
}

impl Places {
    /// Waits for a place (at most `PATIENCE` without any place freed) and takes it.
    fn take(self: &Arc<Self>, max: usize) -> Place {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while state.taken >= max && !state.closed {
            let (next, waited) = self
                .freed
                .wait_timeout(state, PATIENCE)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            if waited.timed_out() {
                break;
            }
        }
        state.taken += 1;
        Place(Arc::clone(self))
    }

    /// Lets every waiting reader go, and every later one through at once.
    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.closed = true;
        self.freed.notify_all();
    }
}

/// One taken place, given back when the document holding it is dropped (tantivy drops it once
/// the document is in its segment).
#[derive(Debug)]
struct Place(Arc<Places>);

impl Drop for Place {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().unwrap_or_else(|p| p.into_inner());
        state.taken = state.taken.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

/// A document on its way to tantivy's writer, holding its place in the queue.
#[derive(Debug)]
pub struct Queued {
    doc: TantivyDocument,
    _place: Place,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

/// tantivy's index writer with a bounded queue: documents go in through [`Writer::add`]; the
/// rest of tantivy's writer (deletes, commits, merges) is reached through it as is.
pub struct Writer {
    tantivy: IndexWriter<Queued>,
    places: Arc<Places>,
    max: usize,
}

impl Writer {
    /// Wraps a writer with `threads` writer threads.
    pub(crate) fn new(tantivy: IndexWriter<Queued>, threads: usize) -> Writer {
        Writer {
            tantivy,
            places: Arc::default(),
            max: PLACES_PER_THREAD * threads.max(1),
        }
    }

    /// Queues one document, waiting first while the queue is full.
    pub(crate) fn add(&self, doc: TantivyDocument) -> tantivy::Result<Opstamp> {
        let queued = Queued {
            doc,
            _place: self.places.take(self.max),
        };
        let added = self.tantivy.add_document(queued);
        if added.is_err() {
            // tantivy's writer is gone: the readers waiting for a place would wait for nothing.
            self.places.close();
        }
        added
    }

    /// Waits for tantivy's merges to end, and closes the writer.
    pub(crate) fn wait_merging_threads(self) -> tantivy::Result<()> {
        self.tantivy.wait_merging_threads()
    }

    /// How many documents are queued now.
    #[cfg(test)]
    fn queued(&self) -> usize {
        self.places
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .taken
    }
}

impl Deref for Writer {
    type Target = IndexWriter<Queued>;
    fn deref(&self) -> &Self::Target {
        &self.tantivy
    }
}

impl DerefMut for Writer {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tantivy
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{AllQuery, QueryParser};
    use tantivy::schema::Value;
    use tantivy::schema::{Schema, STORED, TEXT};
    use tantivy::Index;

    fn index() -> (Index, tantivy::schema::Field) {
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT | STORED);
        (Index::create_in_ram(b.build()), body)
    }

    #[test]
    fn a_full_queue_makes_the_reader_wait_until_a_place_is_freed() {
        let places = Arc::new(Places::default());
        let held = places.take(1);
        let start = std::time::Instant::now();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(150));
                drop(held);
            });
            let _second = places.take(1);
        });
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(150), "{waited:?}");
        assert!(waited < PATIENCE, "{waited:?}");
    }

    #[test]
    fn a_reader_never_waits_forever_for_a_writer_that_frees_nothing() {
        let places = Arc::new(Places::default());
        let _held = places.take(1);
        let start = std::time::Instant::now();
        let _through = places.take(1);
        assert!(start.elapsed() >= PATIENCE);
        assert_eq!(places.state.lock().map(|s| s.taken).unwrap_or(0), 2);
    }

    #[test]
    fn a_closed_queue_never_waits() {
        let places = Arc::new(Places::default());
        let _held = places.take(1);
        places.close();
        let start = std::time::Instant::now();
        let _second = places.take(1);
        assert!(start.elapsed() < PATIENCE);
    }

    #[test]
    fn documents_reach_the_index_whole_and_give_their_places_back() {
        let (index, body) = index();
        let tantivy = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let mut writer = Writer::new(tantivy, 1);
        for i in 0..(PLACES_PER_THREAD * 3) {
            let mut doc = TantivyDocument::new();
            doc.add_text(body, format!("pier number {i}"));
            writer.add(doc).expect("add");
        }
        writer.commit().expect("commit");
        assert_eq!(writer.queued(), 0);
        let reader = index.reader().expect("reader");
        let searcher = reader.searcher();
        assert_eq!(
            searcher.search(&AllQuery, &Count).expect("count"),
            PLACES_PER_THREAD * 3
        );
        let q = QueryParser::for_index(&index, vec![body]).parse_query("\"number 7\"");
        let top = searcher.search(&q.expect("query"), &TopDocs::with_limit(1).order_by_score());
        let (_, addr) = top.expect("search")[0];
        let doc: TantivyDocument = searcher.doc(addr).expect("doc");
        assert_eq!(
            doc.get_first(body).and_then(|v| v.as_str()),
            Some("pier number 7")
        );
    }
}
