package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// The JSON API under /api/v1. Errors have one shape (APIError), their
// status comes from statusOf, and the OpenAPI document (openapi.go) is
// built from the same route table.

// APIError is the body of every error answer of the API.
type APIError struct {
	Error APIErrorBody `json:"error"`
}

// APIErrorBody says what went wrong: kind is himitsu's error kind
// ("invalid", "not found", "conflict", "permission denied", …), field the
// field at fault (a JSON field name, "version", "filter.NAME"), messages
// in English and Japanese.
type APIErrorBody struct {
	Status    int    `json:"status"`
	Kind      string `json:"kind"`
	Field     string `json:"field,omitempty"`
	Message   string `json:"message"`
	MessageJA string `json:"message_ja,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(b.Bytes())
	return err
}

func writeAPIError(w http.ResponseWriter, status int, err error) {
	body := APIErrorBody{Status: status, Kind: himitsu.ErrorKind(err).String(), Field: himitsu.ErrorField(err)}
	if status == http.StatusUnauthorized {
		body.Kind = "unauthenticated"
		w.Header().Set("WWW-Authenticate", `Bearer realm="himitsu"`)
	}
	if status >= 500 {
		body.Message, body.MessageJA = "internal error", "内部エラー"
	} else {
		body.Message, body.MessageJA = errMessage(err, "en"), errMessage(err, "ja")
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			body.Kind = "invalid"
			body.Message, body.MessageJA = fmt.Sprintf("the request body exceeds %d bytes", mbe.Limit), fmt.Sprintf("リクエストの本文が %d バイトを超えている", mbe.Limit)
		}
	}
	writeJSON(w, status, APIError{body})
}

// decode reads a JSON body into v, refusing unknown fields, and reports a
// bad value with its field.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return himitsu.FieldErrorJA(ute.Field, "must be a JSON %s", "JSON の %s である必要がある", ute.Type.Kind().String())
		}
		if errors.Is(err, io.EOF) {
			return himitsu.FieldErrorJA("", "the request body is empty", "リクエストの本文が空である")
		}
		var he *himitsu.Error
		if errors.As(err, &he) {
			return err
		}
		msg := err.Error()
		field := ""
		if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
			field = strings.Trim(f, `"`)
			return himitsu.FieldErrorJA(field, "is not a field of this record", "この記録の項目ではない")
		}
		return &himitsu.Error{Kind: himitsu.KindInvalid, Msg: "the body is not valid JSON: " + msg, MsgJA: "本文が JSON として不正である: " + msg}
	}
	return nil
}

func (s *Server) apiCarriers(w http.ResponseWriter, r *http.Request, c *call) error {
	all, err := s.store.Carriers(r.Context())
	if err != nil {
		return err
	}
	out := []himitsu.Carrier{}
	for _, ca := range all {
		if c.user.Sees(ca.ID) && (c.token == nil || c.token.CarrierID == "" || c.token.CarrierID == ca.ID) {
			out = append(out, ca)
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := listOptions(r.URL.Query())
	if err != nil {
		return err
	}
	p, err := s.listPage(c, c.rt.register, o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiGet(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.service(c.rt.register)
	if err != nil {
		return err
	}
	st, err := svc.Get(c.ctx, c.carrier, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+st.Version+`"`)
	return writeJSON(w, http.StatusOK, st)
}

// recordBody decodes a record of the register.
func recordBody(register string, raw json.RawMessage) (reflect.Value, error) {
	rv := reflect.New(recordType(register))
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(rv.Interface()); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return rv, himitsu.FieldErrorJA(ute.Field, "must be a JSON %s", "JSON の %s である必要がある", ute.Type.Kind().String())
		}
		var he *himitsu.Error
		if errors.As(err, &he) {
			return rv, err
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return rv, himitsu.FieldErrorJA(strings.Trim(f, `"`), "is not a field of this record", "この記録の項目ではない")
		}
		return rv, &himitsu.Error{Kind: himitsu.KindInvalid, Field: "record", Msg: "is not a valid record: " + err.Error(), MsgJA: "記録として不正である: " + err.Error()}
	}
	return rv.Elem(), nil
}

// writeBody is the body of a create or an update: the record and, for an
// update, the version it is based on (or the If-Match header).
type writeBody struct {
	Record  json.RawMessage `json:"record"`
	Version string          `json:"version,omitempty"`
}

func (s *Server) apiCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.service(c.rt.register)
	if err != nil {
		return err
	}
	var body writeBody
	if err := decode(r, &body); err != nil {
		return err
	}
	if len(body.Record) == 0 {
		return himitsu.FieldErrorJA("record", "is required", "必須である")
	}
	rv, err := recordBody(c.rt.register, body.Record)
	if err != nil {
		return err
	}
	st, err := svc.Create(c.ctx, c.carrier, rv.Interface())
	if err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+st.Version+`"`)
	w.Header().Set("Location", r.URL.Path+"/"+reflect.ValueOf(st.Record).FieldByName("ID").String())
	return writeJSON(w, http.StatusCreated, st)
}

func ifMatch(r *http.Request, fallback string) string {
	if v := strings.Trim(r.Header.Get("If-Match"), `"`); v != "" {
		return v
	}
	return fallback
}

func (s *Server) apiUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.service(c.rt.register)
	if err != nil {
		return err
	}
	var body writeBody
	if err := decode(r, &body); err != nil {
		return err
	}
	if len(body.Record) == 0 {
		return himitsu.FieldErrorJA("record", "is required", "必須である")
	}
	rv, err := recordBody(c.rt.register, body.Record)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	idf := rv.FieldByName("ID")
	if idf.String() == "" {
		idf.SetString(id)
	} else if idf.String() != id {
		return himitsu.FieldErrorJA("id", "differs from the ID in the path", "パスの ID と異なる")
	}
	st, err := svc.Update(c.ctx, c.carrier, rv.Interface(), ifMatch(r, body.Version))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", `"`+st.Version+`"`)
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.service(c.rt.register)
	if err != nil {
		return err
	}
	if err := svc.Delete(c.ctx, c.carrier, r.PathValue("id"), ifMatch(r, r.URL.Query().Get("version"))); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request, c *call) error {
	runs, err := s.store.Runs(r.Context(), c.carrier, 100)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": runs})
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return &himitsu.Error{Kind: himitsu.KindNotFound, Field: "id", Msg: "no such assessment run", MsgJA: "その評価結果は存在しない"}
	}
	run, err := s.store.Run(c.ctx, c.carrier, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, run)
}

// apiRunAssessment runs an assessment; the body may give {"as_of": DATE}.
func (s *Server) apiRunAssessment(w http.ResponseWriter, r *http.Request, c *call) error {
	var body struct {
		AsOf string `json:"as_of"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &body); err != nil {
			return err
		}
	}
	d, err := s.asOf(body.AsOf)
	if err != nil {
		return err
	}
	run, err := s.runAssess(c, d)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/%d", r.URL.Path, run.ID))
	return writeJSON(w, http.StatusCreated, run)
}
