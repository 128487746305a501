package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/himitsu-oss/himitsu"
)

var _ himitsu.RunService = (*Store)(nil)

// SaveRun keeps an assessment result.
func (s *Store) SaveRun(ctx context.Context, r himitsu.AssessmentRun) (himitsu.AssessmentRun, error) {
	const op = "sqlstore.SaveRun"
	if _, err := permitChange(op, ctx); err != nil {
		return r, err
	}
	if r.Assessment == nil {
		return r, &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, Msg: "no assessment", MsgJA: "評価結果がない"}
	}
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	r.Overall = r.Assessment.Judgement.Overall
	r.AsOf = r.Assessment.AsOf
	b, err := json.Marshal(r.Assessment)
	if err != nil {
		return r, internal(op, err)
	}
	if err := carrierExists(ctx, s.db, op, r.CarrierID); err != nil {
		return r, err
	}
	err = s.db.QueryRowContext(ctx, `INSERT INTO assessment_runs (carrier_id, at, as_of, actor, overall, result) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.CarrierID, s.dbTime(r.At), r.AsOf.String(), r.Actor, r.Overall, string(b)).Scan(&r.ID)
	return r, internalIf(op, err)
}

// Runs lists a carrier's runs, newest first, without their results.
func (s *Store) Runs(ctx context.Context, carrierID string, limit int) ([]himitsu.AssessmentRun, error) {
	const op = "sqlstore.Runs"
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, at, as_of, actor, overall FROM assessment_runs WHERE carrier_id = $1 ORDER BY id DESC LIMIT `+strconv.Itoa(limit), carrierID)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	out := []himitsu.AssessmentRun{}
	for rows.Next() {
		r := himitsu.AssessmentRun{CarrierID: carrierID}
		var at any
		var asOf string
		if err := rows.Scan(&r.ID, &at, &asOf, &r.Actor, &r.Overall); err != nil {
			return nil, internal(op, err)
		}
		if r.At, err = scanTime(at); err != nil {
			return nil, internal(op, err)
		}
		if r.AsOf, err = himitsu.ParseDate(asOf); err != nil {
			return nil, internal(op, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Run reads one run with its result and records the read.
func (s *Store) Run(ctx context.Context, carrierID string, id int64) (himitsu.AssessmentRun, error) {
	const op = "sqlstore.Run"
	a, err := permit(op, ctx)
	if err != nil {
		return himitsu.AssessmentRun{}, err
	}
	entry := newReadEntry(a, carrierID, "assessment_runs")
	r := himitsu.AssessmentRun{ID: id, CarrierID: carrierID}
	var at any
	var asOf, result string
	err = s.rdb.QueryRowContext(ctx, `SELECT at, as_of, actor, overall, CAST(result AS TEXT) FROM assessment_runs WHERE carrier_id = $1 AND id = $2`, carrierID, id).
		Scan(&at, &asOf, &r.Actor, &r.Overall, &result)
	if errors.Is(err, sql.ErrNoRows) {
		return r, &himitsu.Error{Op: op, Kind: himitsu.KindNotFound, Field: "id", Msg: "no such assessment run", MsgJA: "その評価結果は存在しない"}
	}
	if err != nil {
		return r, internal(op, err)
	}
	if r.At, err = scanTime(at); err != nil {
		return r, internal(op, err)
	}
	if r.AsOf, err = himitsu.ParseDate(asOf); err != nil {
		return r, internal(op, err)
	}
	r.Assessment = &himitsu.Assessment{}
	if err := json.Unmarshal([]byte(result), r.Assessment); err != nil {
		return r, internal(op, err)
	}
	entry.Rows = 1
	if err := s.logRead(ctx, entry); err != nil {
		return r, err
	}
	return r, nil
}
