package sqlstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestSharedSecretCreatedOnce: many callers creating one secret at once,
// each with its own fresh bytes, all get the same stored secret, and a
// later call with other bytes does not replace it.
func TestSharedSecretCreatedOnce(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := e.open(t)
			ctx := context.Background()
			// A name of its own, as the PostgreSQL test database is shared.
			name := fmt.Sprintf("test-%d", time.Now().UnixNano())
			got := make([][]byte, 8)
			var wg sync.WaitGroup
			for i := range got {
				wg.Go(func() {
					fresh := make([]byte, 32)
					rand.Read(fresh)
					b, err := s.SharedSecret(ctx, name, fresh, time.Now())
					if err != nil {
						t.Error(err)
					}
					got[i] = b
				})
			}
			wg.Wait()
			for i := range got {
				if len(got[i]) != 32 || !bytes.Equal(got[i], got[0]) {
					t.Fatalf("caller %d got %x, caller 0 %x: want one secret", i, got[i], got[0])
				}
			}
			later, err := s.SharedSecret(ctx, name, bytes.Repeat([]byte{7}, 32), time.Now())
			if err != nil || !bytes.Equal(later, got[0]) {
				t.Errorf("a later call got %x (%v), want the stored %x", later, err, got[0])
			}
			if _, err := s.SharedSecret(ctx, name, []byte("short"), time.Now()); err == nil {
				t.Error("5 fresh bytes accepted, want an error")
			}
		})
	}
}
