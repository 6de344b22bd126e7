package stix

import "github.com/vigil-project/vigil/internal/intel"

// TLP20Extension is the OASIS TLP 2.0 extension-definition id.
const TLP20Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// TLPMarkingIDs are the official TLP 2.0 marking-definition ids.
var TLPMarkingIDs = map[intel.TLP]string{
	intel.TLPClear:       "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	intel.TLPGreen:       "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	intel.TLPAmber:       "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	intel.TLPAmberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	intel.TLPRed:         "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

// tlp1IDs are the STIX 2.1 predefined TLP 1.0 markings, read on import.
var tlp1IDs = map[string]intel.TLP{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": intel.TLPClear,
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": intel.TLPGreen,
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": intel.TLPAmber,
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": intel.TLPRed,
}

// tlpOf returns the most restrictive TLP among marking refs.
func tlpOf(refs []string) (intel.TLP, bool) {
	best, found := intel.TLP(""), false
	for _, r := range refs {
		t, ok := tlp1IDs[r]
		for k, v := range TLPMarkingIDs {
			if v == r {
				t, ok = k, true
			}
		}
		if ok && (!found || rank(t) > rank(best)) {
			best, found = t, true
		}
	}
	return best, found
}

func rank(t intel.TLP) int {
	for i, x := range intel.TLPLevels {
		if x == t {
			return i
		}
	}
	return -1
}

// markingObject is the official TLP 2.0 marking-definition object.
func markingObject(t intel.TLP) object {
	return object{
		Type: "marking-definition", SpecVersion: "2.1", ID: TLPMarkingIDs[t],
		Created: "2022-10-01T00:00:00.000Z", Name: "TLP:" + string(t),
		Extensions: map[string]any{TLP20Extension: map[string]string{
			"extension_type": "property-extension", "tlp_2_0": lower(string(t)),
		}},
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
