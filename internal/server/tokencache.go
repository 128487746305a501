package server

import (
	"context"
	"sync"
	"time"

	"github.com/himitsu-oss/himitsu"
)

// The decision point is asked by a carrier's systems many times a second
// with the same few API tokens; reading the token and its user from the
// store on every request cost more CPU than the decision and its audit
// entry together (two SQL queries, parsed each time). Routes marked
// cachedToken (only the decision point) read them through this cache.
//
// What stays true: a token revoked or a user disabled, demoted or moved
// off a carrier through this server is refused from the next request
// (every such change calls forgetTokens); a change made by another
// process on the same database (`himitsu user`, another instance) is
// seen within tokenCacheAge, the bound within which the decision point
// already sees a change of the carrier's records (pollEvery). An unknown
// or revoked token is never cached, so a new token works at once and a
// wrong one is always asked of the store.

// tokenCacheAge is how long a token read from the store is trusted.
const tokenCacheAge = pollEvery

// tokenCacheMax bounds the entries; the cache is emptied when full.
const tokenCacheMax = 4096

type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedToken
	// gen counts forgetTokens calls: a lookup that started before one
	// does not store what it read.
	gen uint64
}

type cachedToken struct {
	token himitsu.APIToken
	user  himitsu.User
	read  time.Time
}

// forgetTokens drops every cached token; called after any change of a
// user or a token.
func (s *Server) forgetTokens() {
	c := &s.tokens
	c.mu.Lock()
	c.m = nil
	c.gen++
	c.mu.Unlock()
}

// apiCaller returns the live token of hash and its user. With cached, it
// answers from the cache when the pair was read less than tokenCacheAge
// ago, else from the store (and keeps what it read). An unknown or
// revoked token, or a disabled or missing user, is errUnauthenticated.
func (s *Server) apiCaller(ctx context.Context, hash string, cached bool, now time.Time) (himitsu.APIToken, himitsu.User, error) {
	c := &s.tokens
	var gen uint64
	if cached {
		c.mu.Lock()
		e, ok := c.m[hash]
		gen = c.gen
		c.mu.Unlock()
		if ok && now.Sub(e.read) < tokenCacheAge && !now.Before(e.read) {
			return e.token, e.user, nil
		}
	}
	t, err := s.store.TokenByHash(ctx, hash)
	if err != nil {
		if himitsu.ErrorKind(err) == himitsu.KindNotFound {
			return t, himitsu.User{}, errUnauthenticated
		}
		return t, himitsu.User{}, err
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil || u.Disabled {
		return t, u, errUnauthenticated
	}
	if cached {
		c.mu.Lock()
		if c.gen == gen {
			if c.m == nil || len(c.m) >= tokenCacheMax {
				c.m = make(map[string]cachedToken)
			}
			c.m[hash] = cachedToken{token: t, user: u, read: now}
		}
		c.mu.Unlock()
	}
	return t, u, nil
}
