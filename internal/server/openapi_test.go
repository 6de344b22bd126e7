package server

import (
	"encoding/json"
	neturl "net/url"
	"regexp"
	"strings"
	"testing"
)

// sample values for documented parameters and bodies.
var (
	sampleParam = map[string]string{"chain": "eth", "seed": ethA, "address": ethA, "name": "Kim Jong Un", "id": "bybit",
		"since_block": "0", "policy": "haircut", "max_hops": "5", "direction": "forward",
		"hops": "2", "explain": "true", "threshold": "0.9", "limit": "3"}
	sampleBody = map[string]string{
		"ScreenRequest":     `{"chain":"eth","addresses":["` + ethA + `"]}`,
		"NameScreenRequest": `{"names":["Kim Jong Un"]}`,
	}
)

// TestOpenAPI checks the document: OpenAPI 3.0, every registered route is
// in it, every $ref resolves, and every documented operation answers
// (with sample parameters) with 200 and the required fields of its schema.
func TestOpenAPI(t *testing.T) {
	s := New(allBackends(&fake{}))
	l := startLive(t, s)
	_, _, body := do(t, "GET", l.url+"/openapi.json", "")
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.0") {
		t.Fatalf("document: %v %q", err, doc.OpenAPI)
	}
	for _, r := range s.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if doc.Paths[path][strings.ToLower(method)] == nil {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	for _, m := range regexp.MustCompile(`"\$ref": "#/components/schemas/([A-Za-z]+)"`).FindAllStringSubmatch(body, -1) {
		if doc.Components.Schemas[m[1]] == nil {
			t.Errorf("$ref %s does not resolve", m[1])
		}
	}
	n := 0
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			n++
			checkOperation(t, l, doc.Components.Schemas, path, strings.ToUpper(method), raw)
		}
	}
	if n != len(s.Routes()) {
		t.Errorf("%d documented operations, %d routes", n, len(s.Routes()))
	}
}

// checkOperation calls one documented operation with sample values.
func checkOperation(t *testing.T, l *live, schemas map[string]map[string]any, path, method string, raw json.RawMessage) {
	var op struct {
		Parameters []struct {
			Name, In string
			Required bool
		}
		RequestBody *struct {
			Content map[string]struct {
				Schema struct {
					Ref string `json:"$ref"`
				}
			}
		}
		Responses map[string]struct {
			Content map[string]struct {
				Schema struct {
					Ref string `json:"$ref"`
				}
			}
		}
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	url, query := path, []string{}
	for _, p := range op.Parameters {
		v, ok := sampleParam[p.Name]
		if !ok {
			t.Errorf("%s %s: no sample for parameter %s", method, path, p.Name)
		}
		if p.In == "path" {
			url = strings.Replace(url, "{"+p.Name+"}", v, 1)
		} else {
			query = append(query, p.Name+"="+neturl.QueryEscape(v))
		}
	}
	if len(query) > 0 {
		url += "?" + strings.Join(query, "&")
	}
	body := ""
	if op.RequestBody != nil {
		ref := op.RequestBody.Content["application/json"].Schema.Ref
		body = sampleBody[ref[strings.LastIndex(ref, "/")+1:]]
	}
	code, _, got := do(t, method, l.url+url, body)
	if code != 200 {
		t.Errorf("documented %s %s: %d %s", method, url, code, got)
		return
	}
	ref := op.Responses["200"].Content["application/json"].Schema.Ref
	if ref == "" {
		return // text (metrics)
	}
	sch := schemas[ref[strings.LastIndex(ref, "/")+1:]]
	var obj map[string]any
	if err := json.Unmarshal([]byte(got), &obj); err != nil {
		t.Errorf("%s %s: %v", method, path, err)
		return
	}
	req, _ := sch["required"].([]any)
	for _, f := range req {
		if _, ok := obj[f.(string)]; !ok {
			t.Errorf("%s %s: response lacks required %q", method, path, f)
		}
	}
}
