package intel

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Category is what kind of actor or service an address belongs to.
type Category string

// The categories of the contract; more can be added with RegisterCategory.
const (
	Exchange    Category = "exchange"
	Mixer       Category = "mixer"
	Bridge      Category = "bridge"
	DEX         Category = "dex"
	Sanctioned  Category = "sanctioned"
	Heist       Category = "heist"
	Scam        Category = "scam"
	Service     Category = "service"
	ITWorker    Category = "it_worker"
	Facilitator Category = "facilitator"
)

// Extension categories registered by default for source terms without a
// contract category (the registry stays open: see RegisterCategory).
const (
	// Blocklisted: frozen by a token issuer (e.g. the Tether USDT blacklist).
	Blocklisted Category = "blocklisted"
	// DarknetMarket: darknet market (e.g. Hydra).
	DarknetMarket Category = "darknet_market"
)

var (
	catMu sync.RWMutex
	cats  = map[Category]string{
		Exchange:      "centralized exchange (hot, cold or deposit wallet)",
		Mixer:         "mixing service or privacy pool",
		Bridge:        "cross-chain bridge",
		DEX:           "decentralized exchange or swap contract",
		Sanctioned:    "address listed by a sanctions authority",
		Heist:         "theft or exploit: perpetrator or laundering address",
		Scam:          "scam, phishing or fraud",
		Service:       "other service (wallet, payment, gambling, market, ...)",
		ITWorker:      "IT worker scheme (e.g. DPRK remote workers)",
		Facilitator:   "facilitator of laundering (OTC broker, money mule, ...)",
		Blocklisted:   "extension: address frozen/blocked by a token issuer (e.g. USDT blacklist)",
		DarknetMarket: "extension: darknet market",
	}
)

// Categories lists the registered categories in sorted order.
func Categories() []Category {
	catMu.RLock()
	defer catMu.RUnlock()
	out := make([]Category, 0, len(cats))
	for c := range cats {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// CategoryDescription returns the description of a registered category.
func CategoryDescription(c Category) string {
	catMu.RLock()
	defer catMu.RUnlock()
	return cats[c]
}

// RegisterCategory adds a category. Names are lowercase letters, digits and
// '_'; registering an existing name only updates its description.
func RegisterCategory(name, description string) (Category, error) {
	if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return "", fmt.Errorf("category name %q: use lowercase letters, digits and _", name)
	}
	catMu.Lock()
	defer catMu.Unlock()
	cats[Category(name)] = description
	return Category(name), nil
}

// ParseCategory returns the registered category s (case-insensitive,
// surrounding space ignored) or an error naming the known ones.
func ParseCategory(s string) (Category, error) {
	c := Category(strings.ToLower(strings.TrimSpace(s)))
	catMu.RLock()
	_, ok := cats[c]
	catMu.RUnlock()
	if !ok {
		names := make([]string, 0)
		for _, k := range Categories() {
			names = append(names, string(k))
		}
		return "", fmt.Errorf("unknown category %q (known: %s)", s, strings.Join(names, ", "))
	}
	return c, nil
}
