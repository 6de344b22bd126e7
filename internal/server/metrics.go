package server

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics holds the counters of /metrics, written by hand in the
// Prometheus text exposition format (no client library).
type metrics struct {
	inflight atomic.Int64
	mu       sync.Mutex
	byRoute  map[*route]*routeMetrics
	order    []*routeMetrics
}

// routeMetrics are one route's request counts by status and latencies.
type routeMetrics struct {
	rt      *route
	status  [600]atomic.Uint64 // requests by status code (100-599)
	buckets []atomic.Uint64    // cumulative at export, per bucket here
	count   atomic.Uint64
	sumNS   atomic.Uint64
}

func newMetrics(rs []*route) *metrics {
	m := &metrics{byRoute: map[*route]*routeMetrics{}}
	for _, rt := range rs {
		m.add(rt)
	}
	return m
}

func (m *metrics) add(rt *route) {
	rm := &routeMetrics{rt: rt, buckets: make([]atomic.Uint64, len(buckets))}
	m.byRoute[rt] = rm
	m.order = append(m.order, rm)
}

func (m *metrics) of(rt *route) *routeMetrics { return m.byRoute[rt] }

// observe counts one request of status that took d.
func (rm *routeMetrics) observe(status int, d time.Duration) {
	if status >= 0 && status < len(rm.status) {
		rm.status[status].Add(1)
	}
	sec := d.Seconds()
	for i, b := range buckets {
		if sec <= b {
			rm.buckets[i].Add(1)
			break
		}
	}
	rm.count.Add(1)
	rm.sumNS.Add(uint64(d.Nanoseconds()))
}

// write renders the exposition text.
func (m *metrics) write(b *strings.Builder) {
	b.WriteString("# HELP vigil_http_requests_total HTTP requests by route, method and status.\n")
	b.WriteString("# TYPE vigil_http_requests_total counter\n")
	for _, rm := range m.order {
		for c := range rm.status {
			if n := rm.status[c].Load(); n > 0 {
				fmt.Fprintf(b, "vigil_http_requests_total{route=%q,method=%q,status=\"%d\"} %d\n", rm.rt.pattern, rm.rt.method, c, n)
			}
		}
	}
	b.WriteString("# HELP vigil_http_request_duration_seconds HTTP request latency by route.\n")
	b.WriteString("# TYPE vigil_http_request_duration_seconds histogram\n")
	for _, rm := range m.order {
		labels := fmt.Sprintf("route=%q,method=%q", rm.rt.pattern, rm.rt.method)
		var cum uint64
		for i, ub := range buckets {
			cum += rm.buckets[i].Load()
			fmt.Fprintf(b, "vigil_http_request_duration_seconds_bucket{%s,le=\"%g\"} %d\n", labels, ub, cum)
		}
		n := rm.count.Load()
		fmt.Fprintf(b, "vigil_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, n)
		fmt.Fprintf(b, "vigil_http_request_duration_seconds_sum{%s} %g\n", labels, float64(rm.sumNS.Load())/1e9)
		fmt.Fprintf(b, "vigil_http_request_duration_seconds_count{%s} %d\n", labels, n)
	}
	b.WriteString("# HELP vigil_http_requests_in_flight HTTP requests being served.\n")
	b.WriteString("# TYPE vigil_http_requests_in_flight gauge\n")
	fmt.Fprintf(b, "vigil_http_requests_in_flight %d\n", m.inflight.Load())
}

func (s *Server) handleMetrics(*http.Request) (any, error) {
	var b strings.Builder
	s.metrics.write(&b)
	return rawBody{contentType: "text/plain; version=0.0.4; charset=utf-8", body: []byte(b.String())}, nil
}
