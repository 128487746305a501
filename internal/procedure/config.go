package procedure

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// configKeys name the periods of Config in ParseConfig's text.
var configKeys = []struct {
	name string
	set  func(*Config, int)
	get  func(Config) int
}{
	{"answer", func(c *Config, n int) { c.RequestAnswerDays = n }, func(c Config) int { return c.RequestAnswerDays }},
	{"guidance", func(c *Config, n int) { c.GuidanceReportDays = n }, func(c Config) int { return c.GuidanceReportDays }},
	{"plan", func(c *Config, n int) { c.OrderPlanDays = n }, func(c Config) int { return c.OrderPlanDays }},
	{"reports", func(c *Config, n int) { c.OrderReportDays = n }, func(c Config) int { return c.OrderReportDays }},
	{"soon", func(c *Config, n int) { c.DueSoonDays = n }, func(c Config) int { return c.DueSoonDays }},
}

// ParseConfig reads the periods of `himitsu serve --case-periods`:
// comma-separated NAME=DAYS with NAME one of answer, guidance, plan,
// reports and soon, each 0–3650; a name left out keeps its default, an
// empty text gives DefaultConfig. A bad item gives a KindInvalid error
// naming it, in English and Japanese.
func ParseConfig(s string) (Config, error) {
	c := DefaultConfig()
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		field := fmt.Sprintf("case-periods[%d]", i)
		name, val, ok := strings.Cut(item, "=")
		if !ok {
			return c, himitsu.FieldErrorJA(field, "%q is not NAME=DAYS", "「%s」は NAME=日数 の形式でない", item)
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 || n > 3650 {
			return c, himitsu.FieldErrorJA(field, "%q: days must be a whole number from 0 to 3650", "「%s」: 日数は0から3650までの整数とすること", item)
		}
		found := false
		for _, k := range configKeys {
			if k.name == strings.TrimSpace(name) {
				k.set(&c, n)
				found = true
			}
		}
		if !found {
			return c, himitsu.FieldErrorJA(field, "%q: unknown period; use answer, guidance, plan, reports or soon",
				"「%s」: 期間の名前が不明である。answer, guidance, plan, reports, soon のいずれかとすること", item)
		}
	}
	return c, nil
}

// String renders c as ParseConfig reads it.
func (c Config) String() string {
	var parts []string
	for _, k := range configKeys {
		parts = append(parts, k.name+"="+strconv.Itoa(k.get(c)))
	}
	return strings.Join(parts, ",")
}
