package stix

// bundle is a STIX 2.1 bundle.
type bundle struct {
	Type    string   `json:"type"`
	ID      string   `json:"id"`
	Objects []object `json:"objects"`
}

// object holds the STIX properties vigil reads or writes.
type object struct {
	Type              string         `json:"type"`
	SpecVersion       string         `json:"spec_version,omitempty"`
	ID                string         `json:"id"`
	Created           string         `json:"created,omitempty"`
	Modified          string         `json:"modified,omitempty"`
	Name              string         `json:"name,omitempty"`
	Description       string         `json:"description,omitempty"`
	Pattern           string         `json:"pattern,omitempty"`
	PatternType       string         `json:"pattern_type,omitempty"`
	ValidFrom         string         `json:"valid_from,omitempty"`
	IndicatorTypes    []string       `json:"indicator_types,omitempty"`
	Labels            []string       `json:"labels,omitempty"`
	Confidence        *int           `json:"confidence,omitempty"`
	ObjectMarkingRefs []string       `json:"object_marking_refs,omitempty"`
	ExternalRefs      []externalRef  `json:"external_references,omitempty"`
	Extensions        map[string]any `json:"extensions,omitempty"`

	// relationship
	RelationshipType string `json:"relationship_type,omitempty"`
	SourceRef        string `json:"source_ref,omitempty"`
	TargetRef        string `json:"target_ref,omitempty"`

	// observed-data and SCOs
	ObjectRefs []string          `json:"object_refs,omitempty"`
	Objects    map[string]object `json:"objects,omitempty"`
	Value      string            `json:"value,omitempty"`
	Address    string            `json:"address,omitempty"`
	Currency   string            `json:"currency,omitempty"`

	// vigil's own properties (custom, x_ prefixed)
	XChain          string   `json:"x_vigil_chain,omitempty"`
	XCategory       string   `json:"x_vigil_category,omitempty"`
	XSourceCategory string   `json:"x_vigil_source_category,omitempty"`
	XActor          string   `json:"x_vigil_actor,omitempty"`
	XAliases        []string `json:"x_vigil_aliases,omitempty"`
	XAsset          string   `json:"x_vigil_asset,omitempty"`
	XImporter       string   `json:"x_vigil_importer,omitempty"`
	XNote           string   `json:"x_vigil_note,omitempty"`
	XList           string   `json:"x_vigil_list,omitempty"`
	XPrograms       []string `json:"x_vigil_programs,omitempty"`
	XListEntryID    string   `json:"x_vigil_list_entry_id,omitempty"`
	XListDate       string   `json:"x_vigil_list_date,omitempty"`
}

type externalRef struct {
	SourceName  string `json:"source_name"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
}
