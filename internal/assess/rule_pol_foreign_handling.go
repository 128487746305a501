package assess

import (
	"slices"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// homeCountry is where the Telecommunications Business Act applies: data
// kept in or reached from any other country is handling abroad.
const homeCountry = "JP"

// PolForeignHandling judges 5(1)i. Guidelines §5(1)i: the documents that
// tell users how information related to the secrecy of communications is
// handled fail users when they do not say it plainly. Where that
// information is kept in, or can be reached from, another country — a data
// set stored or operated abroad, or a contractor abroad that handles
// secrecy — the country is part of how it is handled: a user cannot judge
// the handling without knowing that a foreign state's law and authorities
// may reach it. The Guidelines' footnote 18 sends carriers to the
// Guidelines for Protection of Personal Information in Telecommunications
// Business for their privacy policy, and the APPI makes the same point for
// personal data: the security measures a business must make known to the
// person include, when it handles personal data in a foreign country, the
// country and what it knows of that country's system for protecting
// personal information (APPI Art. 32(1)(iv) with Cabinet Order Art. 10(i);
// PPC General Guidelines 10-7 on understanding the external environment
// [verify: article numbers as of the 2022 amendments]). A carrier
// designated under TBA Art. 27-5 must also state in its information
// handling policy where specified user information is kept abroad (TBA
// Art. 27-8 and the Ordinance [verify]). MIC's guidance of April 2021 to a
// messaging carrier whose contractor's engineers abroad could read users'
// messages, which its policy did not disclose, is the case in point.
//
// The rule therefore finds where the records place secrecy abroad and no
// public user-facing document tells users so; a document that speaks of
// handling abroad without naming the country is a weakness; where the
// records say neither where secrecy data is kept nor what the documents
// say, it asks.
func (ruleSet) PolForeignHandling() rule {
	return rule{
		ID:   "pol.foreign-handling",
		Item: "5(1)i",
		Summary: tx("通信の秘密に係る情報を国外で保管し又は国外から取り扱えるのに、利用者向けの文書がそれを伝えていない",
			"Secrecy-related information is kept in or reachable from another country, and no user-facing document tells users so"),
		Indicated: "a secrecy data set is `stored_in` or `operated_from` a country other than JP, or a contractor or subcontractor that `handles_secrecy` has a `country` other than JP, and every user-facing policy not recorded as unpublished has `states_foreign_handling: false` (medium)",
		AtRisk:    "a policy `states_foreign_handling` but none names that country in `foreign_countries`",
		Inputs:    inputs{Registers: []string{"attestations", "datasets", "organisations", "policies"}},
		Run:       polForeignHandling,
	}
}

func polForeignHandling(e *env) []outcome {
	if len(e.rec.DataSets) == 0 {
		return e.ask(tx("データセットの台帳が空である", "The data set register is empty"), askForeign)
	}
	if len(e.secrecy) == 0 {
		return e.notApplicable(tx("通信の秘密に係るデータセットがない", "No data set holds secrecy"))
	}
	// Where the records place secrecy abroad: country → the records.
	abroad := map[string][]string{}
	u := e.sampler()
	for i := range e.rec.DataSets {
		d := &e.rec.DataSets[i]
		if !e.secrecy[d.ID] {
			continue
		}
		if len(d.StoredIn) == 0 && len(d.OperatedFrom) == 0 {
			u.add("datasets", d.ID, "unknown", "stored_in;operated_from")
			continue
		}
		for _, c := range unique(d.StoredIn, d.OperatedFrom) {
			if c != homeCountry {
				abroad[c] = append(abroad[c], "datasets/"+d.ID)
			}
		}
	}
	for i := range e.rec.Organisations {
		o := &e.rec.Organisations[i]
		if !o.HasRole(himitsu.OrgContractor) && !o.HasRole(himitsu.OrgSubcontractor) || !o.HandlesSecrecy.True() {
			continue
		}
		if o.Country != "" && o.Country != homeCountry {
			abroad[o.Country] = append(abroad[o.Country], "organisations/"+o.ID)
		}
	}
	if len(abroad) == 0 {
		if out := e.askUnknown(u, tf("通信の秘密に係るデータセット%[1]d件について、保管する国も取り扱う国も記録されていない", "For %[1]d secrecy data sets the records say neither where they are stored nor from where they are operated", u.total), askForeign); out != nil {
			return out
		}
		return []outcome{e.fine(tx("通信の秘密に係るデータセットはいずれも国内で保管され国内から取り扱われ、通信の秘密を扱う国外の委託先もない",
			"Every secrecy data set is stored and operated in Japan, and no contractor abroad handles secrecy"))}
	}
	var docs []*himitsu.Policy
	for _, p := range e.userFacing() {
		if !p.Public.False() {
			docs = append(docs, p)
		}
	}
	if len(docs) == 0 {
		return e.ask(tf("通信の秘密に係る情報が国外（%[1]s）で保管され又は国外から取り扱われるが、利用者向けの公開の文書が登録されていない", "Secrecy-related information is kept in or reached from abroad (%[1]s), but no public user-facing document is registered", strings.Join(sortedKeys(abroad), ", ")), askForeign)
	}
	s, r, q := e.sampler(), e.sampler(), e.sampler()
	var untold, unnamed []string
	for _, c := range sortedKeys(abroad) {
		named, general, unknown := false, false, false
		for _, p := range docs {
			switch {
			case p.StatesForeignHandling.True() && slices.Contains(p.ForeignCountries, c):
				named = true
			case p.StatesForeignHandling.True():
				general = true
			case !p.StatesForeignHandling.Known():
				unknown = true
			}
		}
		where := abroad[c]
		reg, id, _ := strings.Cut(where[0], "/")
		switch {
		case named:
			continue
		case general:
			unnamed = append(unnamed, c)
			r.add(reg, id, "country", c, "records", join(where), "told", "handling abroad, country not named")
		case unknown:
			q.add(reg, id, "country", c, "records", join(where), "unknown", "policies.states_foreign_handling")
		default:
			untold = append(untold, c)
			s.add(reg, id, "country", c, "records", join(where), "told", "no")
		}
	}
	var out []outcome
	if s.total > 0 {
		for _, p := range docs {
			s.add("policies", p.ID, "kind", string(p.Kind), "states_foreign_handling", "false")
		}
		out = append(out, e.indicated(himitsu.SeverityMedium, s, tf(
			"通信の秘密に係る情報が国外（%[1]s）で保管され又は国外から取り扱えるが、利用者向けの公開の文書%[2]d件のいずれもそれを伝えていない",
			"Secrecy-related information is kept in or reachable from abroad (%[1]s), and none of %[2]d public user-facing documents tells users so",
			strings.Join(untold, ", "), len(docs))))
	}
	if r.total > 0 {
		out = append(out, e.atRisk(r, tf("利用者向けの文書は国外での取扱いに触れているが、国（%[1]s）を示していない",
			"User-facing documents mention handling abroad but do not name the country (%[1]s)", strings.Join(unnamed, ", "))))
	}
	out = append(out, e.askUnknown(q, tf("通信の秘密に係る情報が国外で保管され又は国外から取り扱えるが、利用者向けの文書がそれを伝えているかが記録されていない（%[1]d か国）",
		"Secrecy-related information is kept in or reachable from abroad, and the records do not say whether the user-facing documents tell users so (%[1]d countries)", q.total), askForeign)...)
	if len(out) == 0 {
		out = append(out, e.fine(tf("国外（%[1]s）での保管・取扱いは、利用者向けの公開の文書で国名とともに伝えられている",
			"Keeping or handling abroad (%[1]s) is told to users, with the country, in public user-facing documents", strings.Join(sortedKeys(abroad), ", "))))
	}
	return out
}

var askForeign = tx("通信の秘密に係る情報（データセット、そのシステムの運用・保守、委託先）を国外で保管し又は国外から取り扱っているか。そうであれば、利用者向けの方針でその国名と取扱いを伝えているか。",
	"Is information related to the secrecy of communications (data sets, the operation or maintenance of their systems, contractors) kept in or handled from another country? If so, do the user-facing policies tell users, naming the country?")

func unique(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
