package server

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The OpenAPI 3.1 document is built from the route table and the register
// types, so that it names every route and every field; TestOpenAPI calls
// the API and checks each answer against it.

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

// schemaName turns "recurrence_measures" into "RecurrenceMeasures".
func schemaName(register string) string {
	var b strings.Builder
	for _, p := range strings.Split(register, "_") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

// recordSchema is the JSON Schema of a register's records, from the same
// field specs that drive validation.
func recordSchema(t reflect.Type) obj {
	props := obj{}
	var required []string
	for _, f := range himitsu.Fields(t) {
		p := fieldSchema(f.Type, f.Enum)
		if d, ok := t.Field(f.Index).Tag.Lookup("doc"); ok {
			p["description"] = d
		}
		props[f.Name] = p
		if f.Required {
			required = append(required, f.Name)
		}
	}
	s := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func fieldSchema(t reflect.Type, enum []string) obj {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return obj{"type": "string", "format": "date-time"}
	case t == reflect.TypeFor[himitsu.Date]():
		return obj{"type": "string", "format": "date", "pattern": `^\d{4}-\d{2}-\d{2}$`}
	}
	switch t.Kind() {
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return obj{"type": "integer"}
	case reflect.String:
		if len(enum) > 0 {
			return obj{"type": "string", "enum": enum}
		}
		return obj{"type": "string"}
	case reflect.Slice:
		return obj{"type": "array", "items": fieldSchema(t.Elem(), enum)}
	case reflect.Struct:
		return recordSchema(t)
	}
	return obj{}
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// OpenAPI returns the document.
func (s *Server) OpenAPI() obj {
	schemas := obj{
		"Error": obj{"type": "object", "required": []string{"error"}, "additionalProperties": false, "properties": obj{
			"error": obj{"type": "object", "required": []string{"status", "kind", "message"}, "additionalProperties": false, "properties": obj{
				"status":     obj{"type": "integer"},
				"kind":       obj{"type": "string", "enum": []string{"other", "invalid", "not found", "conflict", "permission denied", "internal", "not implemented", "unauthenticated"}},
				"field":      obj{"type": "string", "description": "The field at fault: a record field, \"version\", \"filter.NAME\", a query parameter."},
				"message":    obj{"type": "string"},
				"message_ja": obj{"type": "string"},
			}}}},
		"Carrier":     recordSchema(reflect.TypeFor[himitsu.Carrier]()),
		"CarrierList": obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("Carrier")}}},
		"AssessmentRun": obj{"type": "object", "required": []string{"id", "carrier_id", "at", "as_of", "actor", "overall"}, "properties": obj{
			"id": obj{"type": "integer"}, "carrier_id": obj{"type": "string"}, "at": obj{"type": "string", "format": "date-time"},
			"as_of": obj{"type": "string", "format": "date"}, "actor": obj{"type": "string"},
			"overall":    obj{"type": "string", "enum": []string{"no-concern", "advice", "guidance", "order-risk"}},
			"assessment": obj{"type": "object", "description": "The whole assessment, as in docs/schema/assessment.schema.json."},
		}},
		"AssessmentRunList": obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": obj{"type": "array", "items": ref("AssessmentRun")}}},
		"RunRequest":        obj{"type": "object", "additionalProperties": false, "properties": obj{"as_of": obj{"type": "string", "format": "date"}}},
		"FilingRequest": obj{"type": "object", "required": []string{"report", "submitted_at"}, "additionalProperties": false, "properties": obj{
			"report":       obj{"type": "string", "enum": []string{"tba-28-first", "tba-28-detailed", "appi-preliminary", "appi-final"}},
			"submitted_at": obj{"type": "string", "description": "When the report reached the authority: RFC 3339, or YYYY-MM-DDTHH:MM in Japan time. Not before the incident occurred or was first known, not in the future."},
			"lang":         obj{"type": "string", "enum": []string{"ja", "en"}, "description": "ja (default) freezes the Japanese draft; en the Japanese with English alongside."},
			"to":           obj{"type": "string"}, "reference": obj{"type": "string"},
		}},
		"Draft":           obj{"type": "object", "required": []string{"report", "title", "items"}, "description": "A draft report: title, addressee, items (heading, lines, table, missing) in Japanese and English."},
		"DecisionRequest": decisionRequestSchema(),
		"DecisionBatch": obj{"type": "object", "required": []string{"requests"}, "additionalProperties": false,
			"properties": obj{"requests": obj{"type": "array", "minItems": 1, "maxItems": maxBatch, "items": ref("DecisionRequest")}}},
		"Decision":            decisionSchema(),
		"DeadlineBoard":       recordSchema(reflect.TypeFor[himitsu.Board]()),
		"IncidentWorkspace":   incidentWorkspaceSchema(),
		"ClassifyRequest":     classifyRequestSchema(),
		"DecisionBatchAnswer": obj{"type": "object", "required": []string{"decisions"}, "properties": obj{"decisions": obj{"type": "array", "items": ref("Decision")}}},
	}
	for k, v := range caseSchemas() {
		schemas[k] = v
	}
	for _, rc := range registers() {
		n := schemaName(rc.name)
		schemas[n] = recordSchema(recordType(rc.name))
		for _, wf := range withheldFields() {
			if wf.register != rc.name {
				continue
			}
			p := schemas[n].(obj)["properties"].(obj)[wf.field].(obj)
			p["description"] = fmt.Sprintf("%v Withheld: present only in answers to the roles %s; absent for every other role. Every read of the record is recorded with the caller and purpose.", p["description"], joinRoles(wf.roles))
		}
		schemas[n+"Stored"] = obj{"type": "object", "required": []string{"record", "version"}, "additionalProperties": false,
			"properties": obj{"record": ref(n), "version": obj{"type": "string"}}}
		schemas[n+"Page"] = obj{"type": "object", "required": []string{"items"}, "additionalProperties": false,
			"properties": obj{"items": obj{"type": "array", "items": ref(n + "Stored")}, "next": obj{"type": "string", "description": "Cursor of the next page (the after parameter); absent on the last page."}}}
		schemas[n+"Write"] = obj{"type": "object", "required": []string{"record"}, "additionalProperties": false,
			"properties": obj{"record": ref(n), "version": obj{"type": "string", "description": "For an update: the version the change is based on (or the If-Match header)."}}}
	}
	errResp := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": ref("Error")}}}
	}
	paths := obj{}
	for _, rt := range s.routes {
		if !rt.api {
			continue
		}
		p := strings.TrimPrefix(rt.pattern, "/api/v1")
		op := obj{"summary": rt.summary, "operationId": strings.ToLower(rt.method) + strings.NewReplacer("/", "_", "{", "", "}", "", ".", "_").Replace(p)}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.pattern, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "string"}})
		}
		if !rt.public {
			op["security"] = []any{obj{"bearer": []any{}}}
			roles := make([]string, len(rt.roles))
			for i, r := range rt.roles {
				roles[i] = string(r)
			}
			op["x-himitsu-roles"] = roles
			params = append(params, obj{"name": "Himitsu-Purpose", "in": "header", "required": false,
				"description": "Why the caller reads or changes the records; recorded in the read and change logs with the token's user.", "schema": obj{"type": "string", "maxLength": 200}})
		}
		resp := obj{}
		n := schemaName(rt.register)
		switch {
		case rt.pattern == "/api/v1/openapi.json":
			resp["200"] = obj{"description": "this document", "content": obj{"application/json": obj{"schema": obj{"type": "object"}}}}
		case rt.pattern == "/api/v1/carriers":
			resp["200"] = obj{"description": "carriers", "content": obj{"application/json": obj{"schema": ref("CarrierList")}}}
		case strings.HasSuffix(rt.pattern, "/assessments") && rt.method == "GET":
			resp["200"] = obj{"description": "runs", "content": obj{"application/json": obj{"schema": ref("AssessmentRunList")}}}
		case strings.HasSuffix(rt.pattern, "/assessments") && rt.method == "POST":
			op["requestBody"] = obj{"required": false, "content": obj{"application/json": obj{"schema": ref("RunRequest")}}}
			resp["201"] = obj{"description": "the run", "content": obj{"application/json": obj{"schema": ref("AssessmentRun")}}}
		case strings.HasSuffix(rt.pattern, "/decisions"):
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": obj{"oneOf": []any{ref("DecisionRequest"), ref("DecisionBatch")}}}}}
			resp["200"] = obj{"description": "the decision (or decisions, in order), each durable in the audit log", "content": obj{"application/json": obj{"schema": obj{"oneOf": []any{ref("Decision"), ref("DecisionBatchAnswer")}}}}}
		case strings.HasSuffix(rt.pattern, "/deadlines"):
			params = append(params,
				obj{"name": "as_of", "in": "query", "schema": obj{"type": "string", "format": "date"}, "description": "The day the board is judged on (Japan date); today when absent."},
				obj{"name": "sort", "in": "query", "schema": obj{"type": "string", "enum": []string{"state", "due"}}, "description": "state: late first, then by due day (the default); due: by due day alone."})
			resp["200"] = obj{"description": "the board", "content": obj{"application/json": obj{"schema": ref("DeadlineBoard")}}}
		case strings.HasSuffix(rt.pattern, "/drafts/{report}"):
			params = append(params,
				obj{"name": "format", "in": "query", "schema": obj{"type": "string", "enum": []string{"json", "html", "pdf"}}},
				obj{"name": "lang", "in": "query", "schema": obj{"type": "string", "enum": []string{"ja", "en"}}})
			resp["200"] = obj{"description": "the draft, built from the records held now", "content": obj{
				"application/json": obj{"schema": ref("Draft")}, "text/html": obj{"schema": obj{"type": "string"}},
				"application/pdf": obj{"schema": obj{"type": "string", "format": "binary"}}}}
		case strings.HasSuffix(rt.pattern, "/filings"):
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref("FilingRequest")}}}
			resp["201"] = obj{"description": "the frozen report, as the next version", "content": obj{"application/json": obj{"schema": ref(schemaName("regulator_reports") + "Stored")}}}
		case strings.HasSuffix(rt.pattern, "/assessments/{id}"):
			resp["200"] = obj{"description": "the run with its result", "content": obj{"application/json": obj{"schema": ref("AssessmentRun")}}}
		case strings.HasSuffix(rt.pattern, "/incidents/{id}/workspace"):
			resp["200"] = obj{"description": "the incident's workspace", "content": obj{"application/json": obj{"schema": ref("IncidentWorkspace")}}}
		case strings.HasSuffix(rt.pattern, "/incidents/{id}/classification"):
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref("ClassifyRequest")}}}
			resp["200"] = obj{"description": "the incident's workspace after the classification", "content": obj{"application/json": obj{"schema": ref("IncidentWorkspace")}}}
		case strings.HasSuffix(rt.pattern, "/complaints/{id}/incident"):
			resp["201"] = obj{"description": "the incident opened", "content": obj{"application/json": obj{"schema": ref("IncidentsStored")}}}
		case strings.Contains(rt.pattern, "/cases"):
			caseAPIDoc(&rt, op, resp)
		case rt.register != "" && rt.method == "GET" && !strings.HasSuffix(rt.pattern, "{id}"):
			params = append(params,
				obj{"name": "q", "in": "query", "schema": obj{"type": "string"}, "description": "Text any text field contains (ASCII case ignored)."},
				obj{"name": "after", "in": "query", "schema": obj{"type": "string"}, "description": "Cursor: the next value of the previous page."},
				obj{"name": "limit", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": himitsu.MaxPage}},
				obj{"name": "order", "in": "query", "schema": obj{"type": "string", "enum": []string{"asc", "desc"}}},
				obj{"name": "from", "in": "query", "schema": obj{"type": "string", "format": "date"}, "description": "First day (Japan time) of the register's principal date."},
				obj{"name": "to", "in": "query", "schema": obj{"type": "string", "format": "date"}, "description": "Last day (Japan time), inclusive."},
			)
			op["description"] = "Filters: f.FIELD=VALUE for any text, enumeration, boolean or number field; for a date or time field the value none or any. Pages are keyset pages in ID order."
			resp["200"] = obj{"description": "one page", "content": obj{"application/json": obj{"schema": ref(n + "Page")}}}
		case rt.register != "" && rt.method == "GET":
			resp["200"] = obj{"description": "the record and its version (also the ETag)", "content": obj{"application/json": obj{"schema": ref(n + "Stored")}}}
		case rt.register != "" && rt.method == "POST":
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(n + "Write")}}}
			resp["201"] = obj{"description": "created", "content": obj{"application/json": obj{"schema": ref(n + "Stored")}}}
		case rt.register != "" && rt.method == "PUT":
			params = append(params, obj{"name": "If-Match", "in": "header", "schema": obj{"type": "string"}, "description": "The version the change is based on."})
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(n + "Write")}}}
			resp["200"] = obj{"description": "updated", "content": obj{"application/json": obj{"schema": ref(n + "Stored")}}}
		case rt.register != "" && rt.method == "DELETE":
			params = append(params, obj{"name": "If-Match", "in": "header", "schema": obj{"type": "string"}, "description": "The version the deletion is based on (or the version query parameter)."},
				obj{"name": "version", "in": "query", "schema": obj{"type": "string"}})
			resp["204"] = obj{"description": "deleted"}
		}
		if !rt.public {
			resp["400"] = errResp("invalid input; field names the field at fault")
			resp["401"] = errResp("no valid bearer token")
			resp["403"] = errResp("the token's user or scope may not do this, or the law keeps the record")
			resp["404"] = errResp("no such carrier (or not granted) or record")
			resp["409"] = errResp("conflict: the record changed since the given version, or its ID exists")
			resp["413"] = errResp("the body is too large")
			resp["500"] = errResp("internal error")
		}
		op["responses"] = resp
		if len(params) > 0 {
			op["parameters"] = params
		}
		item, _ := paths[p].(obj)
		if item == nil {
			item = obj{}
			paths[p] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "himitsu API", "version": "1",
			"description": "Per-record access to a carrier's registers and its assessments. Every read and change is recorded with the token's user and the stated purpose (Himitsu-Purpose). Errors share one shape (Error); kinds map to status codes as: invalid 400, unauthenticated 401, permission denied 403, not found 404, conflict 409, internal 500."},
		"servers":    []any{obj{"url": "/api/v1"}},
		"paths":      paths,
		"components": obj{"schemas": schemas, "securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "description": "An API token created in Settings (hmt_…)."}}},
	}
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request, c *call) error {
	return writeJSON(w, http.StatusOK, s.OpenAPI())
}

// joinRoles lists roles as the document names them.
func joinRoles(rs []himitsu.Role) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ", ")
}

func decisionRequestSchema() obj {
	str := obj{"type": "string"}
	return obj{"type": "object", "required": []string{"dataset", "purpose", "at"}, "additionalProperties": false,
		"description": "Who (person or account) would handle which elements of which data set about which subscribers, for which purpose, when.",
		"properties": obj{
			"person": str, "account": str, "dataset": str, "purpose": str, "warrant": str, "justification": str, "second_approver": str,
			"elements": obj{"type": "array", "items": str, "description": "Element names of the data set; empty: every element."},
			"action":   obj{"type": "string", "enum": himitsu.Action("").Values()},
			"subjects": obj{"type": "array", "items": obj{"type": "string", "pattern": "^sub_[0-9a-f]{32}$"}, "description": "Subscriber pseudonyms; raw identifiers are refused."},
			"count":    obj{"type": "integer", "minimum": 0, "description": "Number of subscribers of a bulk request that does not list them."},
			"at":       obj{"type": "string", "format": "date-time"},
		}}
}

func decisionSchema() obj {
	str := obj{"type": "string"}
	return obj{"type": "object", "required": []string{"allow", "reason", "rule", "version", "explanation", "explanation_ja", "audit_index"},
		"properties": obj{
			"allow": obj{"type": "boolean"}, "basis": obj{"type": "string", "enum": himitsu.Basis("").Values()},
			"reason": str, "rule": str, "register": str, "record": str, "subject": str, "consent": str,
			"review":  obj{"type": "boolean", "description": "True when the act must be reviewed afterwards (always for self-defence and necessity)."},
			"version": obj{"type": "integer"}, "explanation": str, "explanation_ja": str,
			"audit_index": obj{"type": "integer", "description": "Index of the decision's entry in the audit log."},
		}}
}
