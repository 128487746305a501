package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ReminderKey names one reminder: a board item of a carrier, the
// threshold it was reached (before, due, late) and the channel.
type ReminderKey struct {
	Carrier, Item, Threshold, Channel string
}

// ClaimReminder claims the reminder for owner until now+lease when it has
// not been sent, no other instance holds a live claim on it and its
// next attempt is due. It returns false when the reminder is not this
// owner's to send now. Both engines make the claim one UPDATE of one row,
// so two instances never both win it.
func (s *Store) ClaimReminder(ctx context.Context, k ReminderKey, owner string, now time.Time, lease time.Duration) (bool, error) {
	const op = "sqlstore.ClaimReminder"
	if _, err := s.db.ExecContext(ctx, `INSERT INTO reminders (carrier_id, item_key, threshold, channel) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		k.Carrier, k.Item, k.Threshold, k.Channel); err != nil {
		return false, internal(op, err)
	}
	at := now.UnixMicro()
	res, err := s.db.ExecContext(ctx, `UPDATE reminders SET claimed_by = $5, claimed_until = $6
		WHERE carrier_id = $1 AND item_key = $2 AND threshold = $3 AND channel = $4
		AND sent_at IS NULL AND next_attempt <= $7 AND (claimed_until IS NULL OR claimed_until < $7)`,
		k.Carrier, k.Item, k.Threshold, k.Channel, owner, now.Add(lease).UnixMicro(), at)
	if err != nil {
		return false, internal(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, internal(op, err)
	}
	return n == 1, nil
}

// ReminderSent records that owner sent the reminder it claimed.
func (s *Store) ReminderSent(ctx context.Context, k ReminderKey, owner string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE reminders SET sent_at = $6, claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = NULL
		WHERE carrier_id = $1 AND item_key = $2 AND threshold = $3 AND channel = $4 AND claimed_by = $5`,
		k.Carrier, k.Item, k.Threshold, k.Channel, owner, now.UnixMicro())
	return internalIf("sqlstore.ReminderSent", err)
}

// ReminderFailed gives back owner's claim after a failed send, to be
// tried again from retryAt; errText is kept for the operator.
func (s *Store) ReminderFailed(ctx context.Context, k ReminderKey, owner string, retryAt time.Time, errText string) error {
	if len(errText) > 500 {
		errText = errText[:500]
	}
	_, err := s.db.ExecContext(ctx, `UPDATE reminders SET claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = $6, next_attempt = $7
		WHERE carrier_id = $1 AND item_key = $2 AND threshold = $3 AND channel = $4 AND claimed_by = $5`,
		k.Carrier, k.Item, k.Threshold, k.Channel, owner, errText, retryAt.UnixMicro())
	return internalIf("sqlstore.ReminderFailed", err)
}

// ReminderState is what the table holds of one reminder.
type ReminderState struct {
	Attempts  int
	Sent      bool
	LastError string
}

// Reminder reads the state of one reminder; a reminder never claimed has
// the zero state.
func (s *Store) Reminder(ctx context.Context, k ReminderKey) (ReminderState, error) {
	var st ReminderState
	var sent *int64
	var last *string
	err := s.rdb.QueryRowContext(ctx, `SELECT attempts, sent_at, last_error FROM reminders WHERE carrier_id = $1 AND item_key = $2 AND threshold = $3 AND channel = $4`,
		k.Carrier, k.Item, k.Threshold, k.Channel).Scan(&st.Attempts, &sent, &last)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ReminderState{}, nil
		}
		return st, internal("sqlstore.Reminder", err)
	}
	st.Sent = sent != nil
	if last != nil {
		st.LastError = *last
	}
	return st, nil
}
