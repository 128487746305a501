package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/procedure"
	"github.com/jackc/pgx/v5/pgconn"
)

var _ himitsu.CaseService = (*Store)(nil)

// caseLinks is the links column of cases.
type caseLinks struct {
	Incidents        []string `json:"incidents,omitempty"`
	RegulatorReports []string `json:"regulator_reports,omitempty"`
	Complaints       []string `json:"complaints,omitempty"`
	AssessmentRun    int64    `json:"assessment_run,omitempty"`
	Findings         []string `json:"findings,omitempty"`
}

// Read-log names of the case tables.
const (
	readCases     = "cases"
	readCaseSteps = "case_steps"
)

// OpenCase opens a case after checking that every linked record exists.
func (s *Store) OpenCase(ctx context.Context, c himitsu.Case) (himitsu.Case, error) {
	const op = "sqlstore.OpenCase"
	a, err := permitChange(op, ctx)
	if err != nil {
		return c, err
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	c.OpenedBy = a.Actor
	links, err := json.Marshal(caseLinks{c.Incidents, c.RegulatorReports, c.Complaints, c.AssessmentRun, c.Findings})
	if err != nil {
		return c, internal(op, err)
	}
	change := newChangeEntry(a, c.CarrierID, himitsu.ChangeCreate)
	change.Counts = map[string]int{readCases: 1}
	err = s.caseWrite(ctx, op, change, "cases", c.ID, himitsu.VersionOf(c), func(tx *sql.Tx) error {
		if err := carrierExists(ctx, tx, op, c.CarrierID); err != nil {
			return err
		}
		if err := checkCaseLinks(ctx, tx, op, c); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO cases (carrier_id, id, title, origin, opened_on, opened_by, summary, links, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			c.CarrierID, c.ID, c.Title, string(c.Origin), c.OpenedOn.String(), c.OpenedBy, c.Summary, string(links), s.dbTime(change.At))
		if isUniqueViolation(err) {
			return &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "id",
				Msg: fmt.Sprintf("a case %q exists already", c.ID), MsgJA: fmt.Sprintf("事案 %q は既にある", c.ID)}
		}
		return internalIf(op, err)
	})
	return c, err
}

// caseWrite runs fn in a write transaction and records the change in the
// change log and the record log inside it.
func (s *Store) caseWrite(ctx context.Context, op string, change himitsu.ChangeEntry, register, recordID, version string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return internal(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	pending, err := s.logChange(ctx, tx, change)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_log (carrier_id, at, actor, purpose, tool, action, register, record_id, version_before, version_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		change.CarrierID, s.dbTime(change.At), change.Actor, change.Purpose, change.Tool, change.Action, register, recordID, "", version); err != nil {
		return changeLogError(op, err)
	}
	if err := tx.Commit(); err != nil {
		return internal(op, err)
	}
	pending.Committed()
	return nil
}

func stepConflict(op string) error {
	return &himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "seq",
		Msg:   "someone else recorded a step of this case at the same time; reload the case and try again",
		MsgJA: "同時に他の者がこの事案の手続を記録した。事案を読み込み直して、もう一度操作すること"}
}

func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return isSQLiteDuplicate(err)
}

// checkCaseLinks checks that the linked records exist in the carrier's
// registers and the linked findings in the named assessment run.
func checkCaseLinks(ctx context.Context, tx *sql.Tx, op string, c himitsu.Case) error {
	for _, l := range []struct {
		table string
		ids   []string
	}{{"incidents", c.Incidents}, {"regulator_reports", c.RegulatorReports}, {"complaints", c.Complaints}} {
		for i, id := range l.ids {
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+l.table+" WHERE carrier_id = $1 AND id = $2", c.CarrierID, id).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: l.table + "[" + strconv.Itoa(i) + "]",
					Msg:   fmt.Sprintf("the carrier has no record %q in %s", id, l.table),
					MsgJA: fmt.Sprintf("事業者の %s に記録 %q がない", l.table, id)}
			}
			if err != nil {
				return internal(op, err)
			}
		}
	}
	if c.AssessmentRun == 0 {
		return nil
	}
	var result string
	err := tx.QueryRowContext(ctx, `SELECT CAST(result AS TEXT) FROM assessment_runs WHERE carrier_id = $1 AND id = $2`, c.CarrierID, c.AssessmentRun).Scan(&result)
	if errors.Is(err, sql.ErrNoRows) {
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "assessment_run",
			Msg: fmt.Sprintf("the carrier has no assessment run %d", c.AssessmentRun), MsgJA: fmt.Sprintf("事業者の評価結果 %d がない", c.AssessmentRun)}
	}
	if err != nil {
		return internal(op, err)
	}
	var as himitsu.Assessment
	if err := json.Unmarshal([]byte(result), &as); err != nil {
		return internal(op, err)
	}
	for i, f := range c.Findings {
		if !slices.ContainsFunc(as.Findings, func(x himitsu.Finding) bool { return x.Rule == f || x.Item == f }) {
			return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "findings[" + strconv.Itoa(i) + "]",
				Msg:   fmt.Sprintf("assessment run %d has no finding of rule or item %q", c.AssessmentRun, f),
				MsgJA: fmt.Sprintf("評価結果 %d に規則又は項目 %q の所見がない", c.AssessmentRun, f)}
		}
	}
	return nil
}

// AddCaseStep appends a step that the procedure allows.
func (s *Store) AddCaseStep(ctx context.Context, carrierID, caseID string, st himitsu.CaseStep) (himitsu.CaseStep, error) {
	const op = "sqlstore.AddCaseStep"
	a, err := permitChange(op, ctx)
	if err != nil {
		return st, err
	}
	change := newChangeEntry(a, carrierID, himitsu.ChangeCreate)
	change.Counts = map[string]int{readCaseSteps: 1}
	// The step's number is known only inside the transaction, which holds
	// the writer from reading the file to the insert: the procedure is
	// checked against the file as it stands.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return st, internal(op, err)
	}
	defer tx.Rollback()
	f, err := s.caseFile(ctx, tx, op, carrierID, caseID)
	if err != nil {
		return st, err
	}
	st.CaseID = caseID
	st = procedure.Prepare(f, st)
	if err := procedure.Check(f, st, change.At); err != nil {
		return st, err
	}
	st.Seq = len(f.Steps) + 1
	st.RecordedBy, st.RecordedAt = a.Actor, change.At
	data, err := json.Marshal(st)
	if err != nil {
		return st, internal(op, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO case_steps (carrier_id, case_id, seq, kind, on_day, recorded_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		carrierID, caseID, st.Seq, string(st.Kind), st.On.String(), s.dbTime(st.RecordedAt), string(data))
	if isUniqueViolation(err) {
		return st, stepConflict(op)
	}
	if err != nil {
		return st, internal(op, err)
	}
	pending, err := s.logChange(ctx, tx, change)
	if err != nil {
		return st, err
	}
	recordID := caseID + "#" + strconv.Itoa(st.Seq)
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_log (carrier_id, at, actor, purpose, tool, action, register, record_id, version_before, version_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		carrierID, s.dbTime(change.At), a.Actor, a.Purpose, a.Tool, himitsu.ChangeCreate, readCaseSteps, recordID, "", himitsu.VersionOf(st)); err != nil {
		return st, changeLogError(op, err)
	}
	if err := tx.Commit(); err != nil {
		if isUniqueViolation(err) {
			return st, stepConflict(op)
		}
		return st, internal(op, err)
	}
	pending.Committed()
	return st, nil
}

// queryer is a transaction or a pool.
type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// caseFile reads a case and its steps through q.
func (s *Store) caseFile(ctx context.Context, q queryer, op, carrierID, id string) (himitsu.CaseFile, error) {
	var f himitsu.CaseFile
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT carrier_id, id, title, origin, opened_on, opened_by, summary, CAST(links AS TEXT) FROM cases WHERE carrier_id = $1 AND id = $2`, carrierID, id))
	if errors.Is(err, sql.ErrNoRows) {
		if err := carrierExists(ctx, q, op, carrierID); err != nil {
			return f, err
		}
		return f, &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Field: "id",
			Msg: fmt.Sprintf("no case %q", id), MsgJA: fmt.Sprintf("事案 %q は存在しない", id)}
	}
	if err != nil {
		return f, internal(op, err)
	}
	f.Case = c
	rows, err := q.QueryContext(ctx, `SELECT CAST(data AS TEXT) FROM case_steps WHERE carrier_id = $1 AND case_id = $2 ORDER BY seq`, carrierID, id)
	if err != nil {
		return f, internal(op, err)
	}
	defer rows.Close()
	f.Steps = []himitsu.CaseStep{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return f, internal(op, err)
		}
		var st himitsu.CaseStep
		if err := json.Unmarshal([]byte(data), &st); err != nil {
			return f, internal(op, err)
		}
		f.Steps = append(f.Steps, st)
	}
	return f, internalIf(op, rows.Err())
}

type rowScan interface{ Scan(...any) error }

func scanCase(r rowScan) (himitsu.Case, error) {
	var c himitsu.Case
	var origin, opened, links string
	if err := r.Scan(&c.CarrierID, &c.ID, &c.Title, &origin, &opened, &c.OpenedBy, &c.Summary, &links); err != nil {
		return c, err
	}
	c.Origin = himitsu.CaseOrigin(origin)
	d, err := himitsu.ParseDate(opened)
	if err != nil {
		return c, err
	}
	c.OpenedOn = d
	var l caseLinks
	if err := json.Unmarshal([]byte(links), &l); err != nil {
		return c, err
	}
	c.Incidents, c.RegulatorReports, c.Complaints, c.AssessmentRun, c.Findings = l.Incidents, l.RegulatorReports, l.Complaints, l.AssessmentRun, l.Findings
	return c, nil
}

// CaseFile reads a case with its steps and records the read.
func (s *Store) CaseFile(ctx context.Context, carrierID, id string) (himitsu.CaseFile, error) {
	const op = "sqlstore.CaseFile"
	a, err := permit(op, ctx)
	if err != nil {
		return himitsu.CaseFile{}, err
	}
	entry := newReadEntry(a, carrierID, readCases)
	tx, err := s.readTx(ctx)
	if err != nil {
		return himitsu.CaseFile{}, internal(op, err)
	}
	f, err := s.caseFile(ctx, tx, op, carrierID, id)
	tx.Rollback()
	if err != nil {
		return f, err
	}
	entry.Rows = 1 + len(f.Steps)
	if err := s.logRead(ctx, entry); err != nil {
		return himitsu.CaseFile{}, err
	}
	return f, nil
}

// Cases lists a carrier's cases, newest first, and records the read.
func (s *Store) Cases(ctx context.Context, carrierID string) ([]himitsu.Case, error) {
	const op = "sqlstore.Cases"
	a, err := permit(op, ctx)
	if err != nil {
		return nil, err
	}
	entry := newReadEntry(a, carrierID, readCases)
	rows, err := s.rdb.QueryContext(ctx, `SELECT carrier_id, id, title, origin, opened_on, opened_by, summary, CAST(links AS TEXT) FROM cases WHERE carrier_id = $1 ORDER BY opened_on DESC, id DESC`, carrierID)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, internal(op, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	if len(out) == 0 {
		if err := carrierExists(ctx, s.rdb, op, carrierID); err != nil {
			return nil, err
		}
	}
	entry.Rows = len(out)
	if err := s.logRead(ctx, entry); err != nil {
		return nil, err
	}
	return out, nil
}

// CaseFiles reads every case of a carrier with its steps in one read
// transaction and records one read.
func (s *Store) CaseFiles(ctx context.Context, carrierID string) ([]himitsu.CaseFile, error) {
	const op = "sqlstore.CaseFiles"
	a, err := permit(op, ctx)
	if err != nil {
		return nil, err
	}
	entry := newReadEntry(a, carrierID, readCases)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, internal(op, err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT carrier_id, id, title, origin, opened_on, opened_by, summary, CAST(links AS TEXT) FROM cases WHERE carrier_id = $1 ORDER BY opened_on DESC, id DESC`, carrierID)
	if err != nil {
		return nil, internal(op, err)
	}
	out := []himitsu.CaseFile{}
	at := map[string]int{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, internal(op, err)
		}
		at[c.ID] = len(out)
		out = append(out, himitsu.CaseFile{Case: c, Steps: []himitsu.CaseStep{}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	if len(out) == 0 {
		if err := carrierExists(ctx, tx, op, carrierID); err != nil {
			return nil, err
		}
	}
	steps, err := tx.QueryContext(ctx, `SELECT case_id, CAST(data AS TEXT) FROM case_steps WHERE carrier_id = $1 ORDER BY case_id, seq`, carrierID)
	if err != nil {
		return nil, internal(op, err)
	}
	defer steps.Close()
	n := len(out)
	for steps.Next() {
		var caseID, data string
		if err := steps.Scan(&caseID, &data); err != nil {
			return nil, internal(op, err)
		}
		var st himitsu.CaseStep
		if err := json.Unmarshal([]byte(data), &st); err != nil {
			return nil, internal(op, err)
		}
		if i, ok := at[caseID]; ok {
			out[i].Steps = append(out[i].Steps, st)
			n++
		}
	}
	if err := steps.Err(); err != nil {
		return nil, internal(op, err)
	}
	entry.Rows = n
	if err := s.logRead(ctx, entry); err != nil {
		return nil, err
	}
	return out, nil
}

// ImportCases writes the case files of a bundle for a carrier whose
// records are in the store, in one transaction with one change entry. A
// case file is the record of a procedure, so an import only adds to it: a
// case not in the store is written with its steps, each checked by the
// procedure against the steps before it, keeping who opened and recorded
// them and when; a case already in the store must agree with the bundle
// on the case and on the steps both hold (KindConflict naming the case
// otherwise), and the bundle's further steps are appended; a case the
// bundle leaves out stays. It returns the number of cases and steps
// written.
func (s *Store) ImportCases(ctx context.Context, carrierID string, files []himitsu.CaseFile) (cases, steps int, err error) {
	const op = "sqlstore.ImportCases"
	a, err := permitChange(op, ctx)
	if err != nil {
		return 0, 0, err
	}
	if len(files) == 0 {
		return 0, 0, nil
	}
	change := newChangeEntry(a, carrierID, himitsu.ChangeCreate)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, internal(op, err)
	}
	defer tx.Rollback()
	if err := carrierExists(ctx, tx, op, carrierID); err != nil {
		return 0, 0, err
	}
	type logged struct{ register, id, version string }
	var written []logged
	for i, f := range files {
		c := f.Case
		where := func(err error) error {
			var he *himitsu.Error
			if errors.As(err, &he) {
				e := *he
				e.Field = fmt.Sprintf("cases[%d].%s", i, he.Field)
				return &e
			}
			return err
		}
		if c.CarrierID != "" && c.CarrierID != carrierID {
			return 0, 0, where(&himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Field: "case.carrier_id",
				Msg: fmt.Sprintf("case %s belongs to carrier %q, not %q", c.ID, c.CarrierID, carrierID), MsgJA: fmt.Sprintf("事案 %s は事業者 %q のもので、%q のものではない", c.ID, c.CarrierID, carrierID)})
		}
		c.CarrierID = carrierID
		if err := c.Validate(); err != nil {
			return 0, 0, where(err)
		}
		have, err := s.caseFile(ctx, tx, op, carrierID, c.ID)
		switch {
		case err == nil:
			if himitsu.VersionOf(have.Case) != himitsu.VersionOf(c) {
				return 0, 0, where(&himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: "case",
					Msg:   fmt.Sprintf("case %s in the bundle differs from the case kept in the store; a case file is only added to, never rewritten by an import", c.ID),
					MsgJA: fmt.Sprintf("バンドルの事案 %s は保存されている事案と異なる。事案の記録は追加のみで、取込みで書き換えることはできない", c.ID)})
			}
		case himitsu.ErrorKind(err) == himitsu.KindNotFound:
			if err := checkCaseLinks(ctx, tx, op, c); err != nil {
				return 0, 0, where(err)
			}
			if c.OpenedBy == "" {
				c.OpenedBy = a.Actor
			}
			links, err := json.Marshal(caseLinks{c.Incidents, c.RegulatorReports, c.Complaints, c.AssessmentRun, c.Findings})
			if err != nil {
				return 0, 0, internal(op, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cases (carrier_id, id, title, origin, opened_on, opened_by, summary, links, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				carrierID, c.ID, c.Title, string(c.Origin), c.OpenedOn.String(), c.OpenedBy, c.Summary, string(links), s.dbTime(change.At)); err != nil {
				return 0, 0, internal(op, err)
			}
			have = himitsu.CaseFile{Case: c, Steps: []himitsu.CaseStep{}}
			written = append(written, logged{readCases, c.ID, himitsu.VersionOf(c)})
			cases++
		default:
			return 0, 0, err
		}
		for j, st := range f.Steps {
			st.CaseID = c.ID
			if j < len(have.Steps) {
				if himitsu.VersionOf(have.Steps[j]) != himitsu.VersionOf(st) {
					return 0, 0, where(&himitsu.Error{Op: op, Kind: himitsu.KindConflict, Field: fmt.Sprintf("steps[%d]", j),
						Msg:   fmt.Sprintf("step %d of case %s in the bundle differs from the step kept in the store; recorded steps are never rewritten", j+1, c.ID),
						MsgJA: fmt.Sprintf("バンドルの事案 %s の手続 %d は保存されている手続と異なる。記録済みの手続は書き換えられない", c.ID, j+1)})
				}
				continue
			}
			if err := procedure.Check(have, st, change.At); err != nil {
				return 0, 0, where(err)
			}
			st.Seq = len(have.Steps) + 1
			if st.RecordedBy == "" {
				st.RecordedBy = a.Actor
			}
			if st.RecordedAt.IsZero() {
				st.RecordedAt = change.At
			}
			data, err := json.Marshal(st)
			if err != nil {
				return 0, 0, internal(op, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_steps (carrier_id, case_id, seq, kind, on_day, recorded_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				carrierID, c.ID, st.Seq, string(st.Kind), st.On.String(), s.dbTime(st.RecordedAt), string(data)); err != nil {
				return 0, 0, internal(op, err)
			}
			have.Steps = append(have.Steps, st)
			written = append(written, logged{readCaseSteps, c.ID + "#" + strconv.Itoa(st.Seq), himitsu.VersionOf(st)})
			steps++
		}
	}
	if len(written) == 0 {
		return 0, 0, nil
	}
	change.Counts = map[string]int{readCases: cases, readCaseSteps: steps}
	pending, err := s.logChange(ctx, tx, change)
	if err != nil {
		return 0, 0, err
	}
	for _, w := range written {
		if err := s.logRecord(ctx, tx, op, change, himitsu.ChangeCreate, w.register, w.id, "", w.version, nil, nil); err != nil {
			return 0, 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, internal(op, err)
	}
	pending.Committed()
	return cases, steps, nil
}
