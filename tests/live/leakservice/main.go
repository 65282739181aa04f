// Command leakservice is a small HTTP service with a slow, steady memory
// leak, for testing pprof-lsp against a live /debug/pprof endpoint.
//
// Every -tick it renders a report in a big scratch buffer that is dropped
// right away (work.Churn: garbage, gone after a GC) and remembers a smaller
// record forever (store.(*Store).Remember: the leak, growing in every heap
// snapshot).
//
//	leakservice [-addr 127.0.0.1:0] [-tick 50ms] [-leak 65536] [-garbage 1048576]
//
// The first line on stdout is "listening on HOST:PORT", with the port the
// kernel chose when -addr's port is 0.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/...
	"os"
	"runtime"
	"time"

	"example.com/leakservice/store"
	"example.com/leakservice/work"
)

// journal is the package-level cache that is never trimmed.
var journal store.Store

func main() {
	// Sample about one allocation per 4 KiB allocated instead of the default
	// one per 512 KiB. At the default rate a 64 KiB allocation is recorded
	// with a probability of about 12%, so the leak's in-use bytes would rise
	// in random jumps of ~512 KiB and a snapshot a second later could show no
	// growth at all; at 4096 every leaked record is sampled and each snapshot
	// shows what was really leaked since the last one. Set first, before the
	// program allocates, as runtime.MemProfileRate's doc asks.
	runtime.MemProfileRate = 4096

	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (port 0: any free port, printed on stdout)")
	tick := flag.Duration("tick", 50*time.Millisecond, "how often the background loop runs")
	leak := flag.Int("leak", 64<<10, "bytes leaked per tick (kept forever by store.(*Store).Remember)")
	garbage := flag.Int("garbage", 1<<20, "bytes of garbage per tick (dropped by work.Churn when it returns)")
	maxLeak := flag.Int64("max-leak", 1<<30, "stop leaking once this many bytes are kept (a bound for a forgotten process)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("leakservice: ")

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// A test reads this line to find the port: it must be the first line.
	fmt.Fprintf(os.Stdout, "listening on %s\n", ln.Addr())

	http.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		n, bytes := journal.Len()
		fmt.Fprintf(w, "records %d\nbytes %d\nchecksum %d\n", n, bytes, work.Checksum())
	})

	go loop(*tick, *leak, *garbage, *maxLeak)
	log.Fatal(http.Serve(ln, nil))
}

// loop is the service's background work: one report and one record a tick.
func loop(tick time.Duration, leak, garbage int, maxLeak int64) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for seq := 0; ; seq++ {
		<-t.C
		sum := work.Churn(garbage, seq)
		if _, kept := journal.Len(); kept+int64(leak) <= maxLeak {
			journal.Remember(seq, sum, leak)
		}
	}
}
