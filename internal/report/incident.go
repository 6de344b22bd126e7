package report

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/intel/incidents"
)

// Kind values of the JSON documents.
const (
	KindIncident = "vigil_incident_report"
	KindSummary  = "vigil_activity_summary"
	KindEvidence = "vigil_freeze_evidence"
)

// Time bases of a report.
const (
	BasisBlockTime   = "block_time"   // days from the stored block times
	BasisBlockNumber = "block_number" // days counted in nominal blocks
)

// SpeedDays are the laundering-speed windows (days after the start).
var SpeedDays = []int{1, 7, 30}

// IncidentReport is where the value of one trace went. Its JSON is the
// report's JSON format; Markdown and HTML render the same fields.
type IncidentReport struct {
	Kind        string              `json:"kind"`
	Title       string              `json:"title"`
	GeneratedAt string              `json:"generated_at"`
	Incident    *incidents.Incident `json:"incident"` // null for a report on explicit seeds
	Chain       string              `json:"chain"`
	Policy      string              `json:"policy"`
	Seeds       []string            `json:"seeds"`
	SinceBlock  uint64              `json:"since_block"`
	SinceTime   string              `json:"since_time,omitempty"` // RFC 3339 UTC, when known
	TimeBasis   string              `json:"time_basis"`           // block_time or block_number
	Notes       []string            `json:"notes"`
	// Traced is the value followed, per asset: endpoints plus resting
	// (plus fees on UTXO chains).
	Traced    []AssetAmount    `json:"traced"`
	Channels  []ChannelTotal   `json:"channels"`
	Entities  []EntityTotal    `json:"entities"`
	Assets    []AssetBreakdown `json:"assets"`
	Daily     []DayTotal       `json:"daily"`
	Speed     []SpeedWindow    `json:"speed"`
	TopPaths  []PathEntry      `json:"top_paths"`
	Endpoints []EndpointEntry  `json:"endpoints"`
	Resting   []AssetAmountAt  `json:"resting"`
	Stats     TraceStats       `json:"stats"`

	assets Assets // display information (not in the JSON)
}

// ChannelTotal is what reached one channel, per asset.
type ChannelTotal struct {
	Channel   string        `json:"channel"`
	Endpoints int           `json:"endpoints"` // endpoints (resting: addresses)
	Amounts   []AssetAmount `json:"amounts"`
}

// EntityTotal is what reached one entity (exchange, mixer, ...).
type EntityTotal struct {
	Entity    string        `json:"entity"`
	Category  string        `json:"category"`
	Channel   string        `json:"channel"`
	Endpoints int           `json:"endpoints"`
	Amounts   []AssetAmount `json:"amounts"`
}

// AssetBreakdown splits the traced value of one asset by channel.
type AssetBreakdown struct {
	Asset     string          `json:"asset"`
	Symbol    string          `json:"symbol,omitempty"`
	Decimals  *int            `json:"decimals"` // null when unknown
	Traced    string          `json:"traced"`
	ByChannel []ChannelAmount `json:"by_channel"`
}

// ChannelAmount is an amount of one asset in one channel with its share
// (percent of the asset's traced value, two decimals, truncated).
type ChannelAmount struct {
	Channel string `json:"channel"`
	Amount  string `json:"amount"`
	Share   string `json:"share"`
}

// DayTotal is the value that reached services (or was counted resting)
// on one day, per channel and asset. An endpoint's amount counts on the
// day of its last arrival block.
type DayTotal struct {
	Day     string         `json:"day"` // 2006-01-02, or "day N (blocks a-b)"
	Amounts []ChannelAsset `json:"amounts"`
}

// ChannelAsset is an amount of an asset in a channel.
type ChannelAsset struct {
	Channel string `json:"channel"`
	Asset   string `json:"asset"`
	Amount  string `json:"amount"`
}

// SpeedWindow is how much reached services (every channel but resting)
// within Days of the start, per asset with its share of the traced value.
// Known is false when neither times nor a nominal block rate are known.
type SpeedWindow struct {
	Days    int          `json:"days"`
	Known   bool         `json:"known"`
	Amounts []AssetShare `json:"amounts"`
}

// AssetShare is an amount with its share of the asset's traced value.
type AssetShare struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
	Share  string `json:"share"`
}

// PathEntry is one of the largest endpoints (by share of its asset's
// traced value) with its evidence path.
type PathEntry struct {
	Rank     int      `json:"rank"`
	Address  string   `json:"address"`
	Entity   string   `json:"entity"`
	Category string   `json:"category"`
	Asset    string   `json:"asset"`
	Amount   string   `json:"amount"`
	Share    string   `json:"share"`
	Hops     int      `json:"hops"`
	Path     []string `json:"path"`
}

// EndpointEntry is a trace endpoint with its channel and block times.
type EndpointEntry struct {
	Address    string   `json:"address"`
	Entity     string   `json:"entity"`
	Category   string   `json:"category"`
	Channel    string   `json:"channel"`
	DepositFor *string  `json:"deposit_for"`
	Asset      string   `json:"asset"`
	Amount     string   `json:"amount"`
	Hops       int      `json:"hops"`
	FirstBlock uint64   `json:"first_block"`
	FirstTime  string   `json:"first_time,omitempty"`
	LastBlock  uint64   `json:"last_block"`
	LastTime   string   `json:"last_time,omitempty"`
	Path       []string `json:"path"`
}

// AssetAmountAt is an amount of an asset held at an address.
type AssetAmountAt struct {
	Address string `json:"address"`
	Asset   string `json:"asset"`
	Amount  string `json:"amount"`
}

// TraceStats summarizes the trace behind the report.
type TraceStats struct {
	Endpoints        int   `json:"endpoints"`
	RestingAddresses int   `json:"resting_addresses"`
	TransfersVisited int64 `json:"transfers_visited"`
	Truncated        bool  `json:"truncated,omitempty"`
}

// Format shows an amount for people with the report's asset table.
func (r *IncidentReport) Format(asset, amount string) string {
	return r.assetTable().Format(asset, amount)
}

func (r *IncidentReport) assetTable() Assets {
	if r.assets == nil {
		r.assets = DefaultAssets()
	}
	return r.assets
}

// MaxTableRows bounds the endpoint and resting tables of the Markdown and
// HTML reports (the JSON and the freeze CSVs always hold every row).
const MaxTableRows = 1000

// tableRows returns the first MaxTableRows endpoints and resting entries,
// and a note when rows were left out.
func (r *IncidentReport) tableRows() ([]EndpointEntry, []AssetAmountAt, string) {
	e, x := r.Endpoints, r.Resting
	note := ""
	if len(e) > MaxTableRows || len(x) > MaxTableRows {
		note = fmt.Sprintf("The tables below show the first %d of %d endpoints and %d resting entries (largest first); the JSON report has all of them.",
			min(len(e), MaxTableRows), len(e), len(x))
		e, x = e[:min(len(e), MaxTableRows)], x[:min(len(x), MaxTableRows)]
	}
	return e, x, note
}
