package server

import (
	"encoding/json"
	"strings"
)

// obj is a JSON object of the OpenAPI document.
type obj = map[string]any

// openAPIDocument renders the OpenAPI 3.0 document of the route table.
func (s *Server) openAPIDocument() []byte {
	paths := obj{}
	for _, rt := range s.routes {
		item, _ := paths[rt.pattern].(obj)
		if item == nil {
			item = obj{}
			paths[rt.pattern] = item
		}
		item[strings.ToLower(rt.method)] = s.operation(rt)
	}
	doc := obj{
		"openapi": "3.0.3",
		"info": obj{"title": "vigil API", "version": "1",
			"description": "Follow stolen and sanctioned crypto: tracing, labels, screening. Errors are {\"error\":{\"code\",\"message\",\"item\"}} with stable codes."},
		"paths": paths,
		"components": obj{
			"schemas":         schemas(),
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "description": "vigil keys create; needed when the server runs with --auth"}},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // the document is built from constants
	}
	return b
}

// operation documents one route.
func (s *Server) operation(rt *route) obj {
	ct := "application/json"
	if rt.raw != "" {
		ct = strings.Split(rt.raw, ";")[0]
	}
	resps := obj{"200": obj{"description": "OK", "content": obj{ct: obj{"schema": ref(rt.resp)}}}}
	codes := []string{"404", "500"}
	if !rt.open {
		codes = append(codes, "400", "401", "501", "503")
	}
	if rt.body != "" {
		codes = append(codes, "413")
	}
	for _, c := range codes {
		resps[c] = obj{"description": "error", "content": obj{"application/json": obj{"schema": ref("Error")}}}
	}
	op := obj{"operationId": rt.name, "summary": rt.summary, "responses": resps}
	if len(rt.params) > 0 {
		op["parameters"] = params(rt.params)
	}
	if rt.body != "" {
		op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(rt.body)}}}
	}
	if !rt.open {
		op["security"] = []obj{{}, {"bearer": []string{}}}
	}
	return op
}

func params(ps []param) []obj {
	out := make([]obj, 0, len(ps))
	for _, p := range ps {
		sch := obj{"type": p.typ}
		if len(p.enum) > 0 {
			sch["enum"] = p.enum
		}
		if p.multi {
			sch = obj{"type": "array", "items": sch}
		}
		o := obj{"name": p.name, "in": p.in, "required": p.required, "description": p.desc, "schema": sch}
		if p.multi {
			o["style"], o["explode"] = "form", true
		}
		out = append(out, o)
	}
	return out
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
