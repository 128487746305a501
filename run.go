package himitsu

import (
	"context"
	"time"
)

// AssessmentRun is one assessment kept in the store, so that the
// dashboard can show how the grades moved and two runs can be compared.
type AssessmentRun struct {
	ID        int64     `json:"id"`
	CarrierID string    `json:"carrier_id"`
	At        time.Time `json:"at"` // when it ran, UTC
	AsOf      Date      `json:"as_of"`
	Actor     string    `json:"actor"`
	Overall   string    `json:"overall"` // Judgement.Overall
	// Assessment is the whole result; RunService.Runs leaves it nil.
	Assessment *Assessment `json:"assessment,omitempty"`
}

// RunService keeps assessment results. SaveRun needs a valid Accessor
// (KindPermission otherwise); Run reads a result, which names records as
// evidence, so it needs one too and is recorded in the read log with What
// "assessment_runs". Runs lists the newest first without their results
// (grades only) and is not recorded. KindNotFound for an unknown run or
// carrier.
type RunService interface {
	SaveRun(ctx context.Context, r AssessmentRun) (AssessmentRun, error)
	Runs(ctx context.Context, carrierID string, limit int) ([]AssessmentRun, error)
	Run(ctx context.Context, carrierID string, id int64) (AssessmentRun, error)
}
