package report

import "github.com/vigil-project/vigil/internal/intel"

// Laundering channels, the report's grouping of endpoint categories (the
// 2025 MSMT report's exchanges, OTC/brokers, bridges and mixers, plus what
// else a trace finds).
const (
	ChanExchange = "exchange"      // centralized exchanges (and their deposit addresses)
	ChanOTC      = "otc_broker"    // OTC brokers and other facilitators
	ChanBridge   = "bridge"        // cross-chain bridges
	ChanMixer    = "mixer"         // mixers and privacy pools
	ChanDEX      = "dex"           // value sent to a DEX with nothing back
	ChanOther    = "other_service" // any other labeled endpoint
	ChanResting  = "resting"       // still held by unlabeled addresses
	ChanFees     = "fees"          // UTXO chains: paid as transaction fees
)

// Channels lists the channels in report order.
var Channels = []string{ChanExchange, ChanOTC, ChanBridge, ChanMixer, ChanDEX, ChanOther, ChanResting, ChanFees}

var channelTitles = map[string]string{
	ChanExchange: "Exchanges", ChanOTC: "OTC / brokers", ChanBridge: "Bridges", ChanMixer: "Mixers",
	ChanDEX: "DEXes", ChanOther: "Other services", ChanResting: "Resting (not yet at a service)",
	ChanFees: "Transaction fees",
}

// ChannelTitle is the display name of a channel.
func ChannelTitle(ch string) string {
	if t, ok := channelTitles[ch]; ok {
		return t
	}
	return ch
}

// ChannelOf maps an endpoint category to its channel.
func ChannelOf(category string) string {
	switch intel.Category(category) {
	case intel.Exchange:
		return ChanExchange
	case intel.Facilitator:
		return ChanOTC
	case intel.Bridge:
		return ChanBridge
	case intel.Mixer:
		return ChanMixer
	case intel.DEX:
		return ChanDEX
	}
	if category == "otc" || category == "broker" {
		return ChanOTC
	}
	return ChanOther
}

// channelIndex is the position of ch in Channels.
func channelIndex(ch string) int {
	for i, c := range Channels {
		if c == ch {
			return i
		}
	}
	return len(Channels)
}
