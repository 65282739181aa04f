// Package store keeps a journal of every report the service made: it is
// only ever appended to, never trimmed, which is the leak.
package store

import "sync"

// Store is a journal of records, newest first.
type Store struct {
	mu    sync.Mutex
	head  *record
	n     int
	bytes int64
}

type record struct {
	next *record
	seq  int
	sum  uint64
	data []byte
}

// Remember keeps a record of size bytes for report seq, forever.
func (s *Store) Remember(seq int, sum uint64, size int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &record{next: s.head, seq: seq, sum: sum, data: make([]byte, size)} // LEAK: kept in s.head forever
	for i := range r.data {
		r.data[i] = byte(sum >> (8 * (i % 8)))
	}
	s.head = r
	s.n++
	s.bytes += int64(size)
}

// Len returns how many records are kept and their bytes.
func (s *Store) Len() (int, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, s.bytes
}
