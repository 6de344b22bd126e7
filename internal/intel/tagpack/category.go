package tagpack

import (
	"strings"

	"github.com/vigil-project/vigil/internal/intel"
)

// Blocklisted and DarknetMarket are the intel extension categories used for
// GraphSense "black_list" and "market".
var (
	Blocklisted   = intel.Blocklisted
	DarknetMarket = intel.DarknetMarket
)

// abuseCategories maps GraphSense abuse concepts; an abuse wins over the
// tag's category.
var abuseCategories = map[string]intel.Category{
	"sanction": intel.Sanctioned, "service_hack": intel.Heist, "hacking": intel.Heist,
	"account_hack": intel.Heist, "exploit": intel.Heist, "data_breach": intel.Heist,
	"scam": intel.Scam, "phishing": intel.Scam, "ponzi_scheme": intel.Scam,
	"pyramid_scheme": intel.Scam, "investment_fraud": intel.Scam, "sextortion": intel.Scam,
	"extortion": intel.Scam, "ransomware": intel.Scam, "social_engineering": intel.Scam,
	"money_laundering": intel.Facilitator, "mixing": intel.Mixer,
}

// entityCategories maps GraphSense entity concepts.
var entityCategories = map[string]intel.Category{
	"exchange": intel.Exchange, "mixing_service": intel.Mixer, "coinjoin": intel.Mixer,
	"defi_bridge": intel.Bridge, "defi_dex": intel.DEX, "defi_dex_pair": intel.DEX,
	"wallet_service": intel.Service, "service": intel.Service, "gambling": intel.Service,
	"miner": intel.Service, "mining_service": intel.Service, "payment_processor": intel.Service,
	"shop": intel.Service, "atm": intel.Service, "hosting": intel.Service, "vpn": intel.Service,
	"defi": intel.Service, "defi_lending": intel.Service, "defi_staking": intel.Service,
	"market": DarknetMarket, "black_list": Blocklisted, "perpetrator": intel.Heist,
}

// mapCategory picks the vigil category of a tag and the original term. A
// "user"/"organization" tag without abuse from a Treasury (OFAC) source is
// sanctioned.
func mapCategory(category, abuse, source string) (intel.Category, string, bool) {
	if c, ok := abuseCategories[abuse]; ok {
		return c, joinTerms(category, abuse), true
	}
	if c, ok := entityCategories[category]; ok {
		return c, category, true
	}
	if (category == "user" || category == "organization" || category == "entity") && strings.Contains(source, "treasury.gov") {
		return intel.Sanctioned, category, true
	}
	return "", joinTerms(category, abuse), false
}

func joinTerms(category, abuse string) string {
	switch {
	case category == "":
		return abuse
	case abuse == "":
		return category
	}
	return category + "/" + abuse
}
