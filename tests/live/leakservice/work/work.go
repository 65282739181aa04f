// Package work renders the service's reports in a scratch buffer that is
// dropped as soon as the report is done: garbage, not a leak.
package work

import "sync/atomic"

var last atomic.Uint64

// Churn renders report seq in a fresh size-byte buffer and returns its
// checksum. The buffer is garbage once Churn returns.
func Churn(size, seq int) uint64 {
	scratch := make([]byte, size) // GARBAGE: dropped when Churn returns
	for i := range scratch {
		scratch[i] = byte(seq + i)
	}
	var sum uint64
	for i := 0; i < len(scratch); i += 64 {
		sum = sum*31 + uint64(scratch[i])
	}
	last.Store(sum)
	return sum
}

// Checksum is the last report's checksum.
func Checksum() uint64 { return last.Load() }
