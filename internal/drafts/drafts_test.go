package drafts

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/pdftext"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func jst(s string) time.Time {
	x, err := time.ParseInLocation("2006-01-02 15:04", s, himitsu.Tokyo)
	if err != nil {
		panic(err)
	}
	return x
}

func day(s string) himitsu.Date {
	d, err := himitsu.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// records holds a carrier with one incident recorded in full (inc-full)
// and one with almost nothing (inc-bare).
func records() *himitsu.Records {
	return &himitsu.Records{
		Carrier: himitsu.Carrier{ID: "minato", Name: "株式会社みなとモバイル", NameEN: "Minato Mobile Inc.",
			Registration: himitsu.Registered, RegistrationNumber: "第123号", HeadOfficeBureau: himitsu.BureauKanto},
		Organisations: []himitsu.Organisation{{ID: "org-dev", Name: "みなと開発株式会社", Kind: himitsu.OrgContractor}},
		Services:      []himitsu.Service{{ID: "sagasu", Name: "さがすナビ", Kind: "telecom"}},
		Incidents: []himitsu.Incident{
			{ID: "inc-full", Title: "さがすナビで他の契約者の端末位置が表示された事象", Kind: himitsu.IncidentLeak, Service: "sagasu",
				OccurredAt: jst("2026-08-20 22:10"), DetectedAt: jst("2026-08-21 10:05"), KnownAt: jst("2026-08-21 16:30"),
				ContainedAt: jst("2026-08-21 18:00"), SecrecyInvolved: himitsu.Yes,
				Classes:         []himitsu.SecrecyClass{himitsu.ClassPartyLocation, himitsu.ClassDateTime},
				PersonsAffected: 14, FinancialRisk: himitsu.No, ImproperPurpose: himitsu.No, SensitiveData: himitsu.No,
				CauseCategory: himitsu.CauseSystemChange, Cause: "リリースでキャッシュのキーに端末IDが含まれず、別の端末の測位結果が返った。",
				ActorOrg: "org-dev", Change: "sc-002", RootCauseDoneOn: day("2026-09-10"), PublicisedOn: day("2026-08-25"),
				Summary: "利用者からの申告で発覚した。リリースを切り戻して封じ込めた。",
				Knowledge: []himitsu.KnowledgeEvent{
					{At: jst("2026-08-21 14:20"), Step: himitsu.KnowledgeConfirmed, Function: himitsu.FunctionDevelopment, Learned: "14名の位置が他の契約者に表示されたことを確認"},
					{At: jst("2026-08-21 10:05"), Step: himitsu.KnowledgeClue, Function: himitsu.FunctionCustomerSupport, Learned: "「アプリに知らない場所が表示される」との申告"},
				},
				Affected: []himitsu.AffectedCount{{Data: "端末の測位結果", Class: himitsu.ClassPartyLocation, Count: 14, Unit: himitsu.UnitPersons}},
				Origin:   himitsu.OriginComplaint, OriginRef: "cmp-2026-0821-07",
				RootCause: "キャッシュの設計がレビューを経ずにリリースされた。", ClosedAt: jst("2026-10-01 17:00"),
				SecondaryDamage: "表示された位置の悪用の申告はなく、二次被害は確認されていない（9月末までの窓口記録を確認）。",
				UserAdvice:      "不審な訪問や連絡を受けた場合は、お問い合わせ窓口へご連絡ください。",
				Organisations:   []string{"org-dev"},
			},
			{ID: "inc-bare", Title: "調査中の事案", Kind: himitsu.IncidentPersonalDataLeak, KnownAt: jst("2026-09-01 09:00")},
		},
		RecurrenceMeasures: []himitsu.RecurrenceMeasure{
			{ID: "rm-1", Incident: "inc-full", Description: "キャッシュキーの設計レビューを必須とする", DueOn: day("2026-09-30"), DoneOn: day("2026-09-20"),
				Status: himitsu.MeasureVerified, VerifiedOn: day("2026-09-28"), VerificationResult: himitsu.VerificationEffective, RemovesRootCause: himitsu.Yes},
			{ID: "rm-2", Incident: "inc-full", Description: "影響を受けた端末のキャッシュを消去", DueOn: day("2026-08-22"), DoneOn: day("2026-08-21"),
				Status: himitsu.MeasureDone, RemovesRootCause: himitsu.No},
		},
		RegulatorReports: []himitsu.RegulatorReport{
			{ID: "rep-1", Incident: "inc-full", Law: himitsu.LawTBA28, Stage: himitsu.StageFirst, SubmittedAt: jst("2026-08-22 11:00"), To: "関東総合通信局"},
		},
		Notifications: []himitsu.Notification{
			{ID: "n-1", Incident: "inc-full", Channel: himitsu.ChannelEmail, SentAt: jst("2026-08-24 12:00"), Recipients: 14, ExplainsCause: himitsu.Yes,
				Kind: himitsu.NoticeIndividualLetter, ExplainsWhatToDo: himitsu.Yes, WhatToDo: "アプリを最新の版に更新してください。"},
		},
		Complaints: []himitsu.Complaint{
			{ID: "c-1", ReceivedAt: jst("2026-08-21 10:05"), Channel: himitsu.ChannelPhone, Category: "leak-suspicion", Incident: "inc-full"},
		},
		Desk: himitsu.Desk{Channels: []himitsu.DeskChannel{{Kind: himitsu.ChannelPhone, Contact: "0120-000-000", WeekdayHours: "09:00-18:00"}}},
	}
}

var drafted = jst("2026-09-24 10:00")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/drafts -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run with -update and review the diff\ngot:\n%s", name, got)
	}
}

func TestHTMLGolden(t *testing.T) {
	rec := records()
	for _, r := range Reports() {
		for _, lang := range []string{"ja", "en"} {
			t.Run(string(r)+"-"+lang, func(t *testing.T) {
				d, err := Build(r, rec, "inc-full", drafted)
				if err != nil {
					t.Fatal(err)
				}
				out, err := HTML(d, lang)
				if err != nil {
					t.Fatal(err)
				}
				golden(t, "full-"+string(r)+"-"+lang+".html", out)
			})
		}
	}
}

func TestPDFTextGolden(t *testing.T) {
	rec := records()
	cases := []struct {
		report   Report
		incident string
		lang     string
		want     []string
	}{
		{TBA28First, "inc-full", "ja", []string{"電気通信事業法第28条", "株式会社みなとモバイル", "第123号", "関東総合通信局長 殿", "2026年8月21日 14時20分"}},
		{TBA28Detailed, "inc-bare", "ja", []string{"記載すべき事実が記録にありません", "通信の秘密の漏えいとして記録されていません"}},
		{APPIFinal, "inc-full", "en", []string{"個人情報の保護に関する法律第26条", "Number of persons", "Secondary damage that occurred", "二次被害は確認されていない"}},
		{UserNotice, "inc-full", "ja", []string{"お問い合わせ窓口", "0120-000-000"}},
	}
	for _, c := range cases {
		name := string(c.report) + "-" + c.incident + "-" + c.lang
		t.Run(name, func(t *testing.T) {
			d, err := Build(c.report, rec, c.incident, drafted)
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := PDF(d, c.lang)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := pdftext.Extract(name+".pdf", pdf)
			if err != nil {
				t.Fatal(err)
			}
			text := doc.Text()
			flat := strings.ReplaceAll(text, "\n", "")
			for _, w := range c.want {
				if !strings.Contains(flat, w) {
					t.Errorf("the PDF's text lacks %q", w)
				}
			}
			golden(t, name+".pdf.txt", []byte(text+"\n"))
		})
	}
}

// TestMissingItemsSaySo checks that an incident with nearly nothing
// recorded gives a draft whose items say the facts are not recorded,
// instead of inventing them.
func TestMissingItemsSaySo(t *testing.T) {
	for _, r := range Reports() {
		d, err := Build(r, records(), "inc-bare", drafted)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range d.Items {
			switch it.Key {
			case "cause", "prevention", "response", "publication", "leaked", "secondary", "timeline", "filings", "advice":
				if !it.Missing {
					t.Errorf("%s: item %s is not marked missing: %+v", r, it.Key, it)
				}
			}
		}
		out, err := HTML(d, "en")
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(out), "記載すべき事実が記録にありません"); n < 3 {
			t.Errorf("%s: the missing-facts line appears %d times, want at least 3", r, n)
		}
		if !strings.Contains(string(out), "not in the records") {
			t.Errorf("%s: the English draft lacks the English missing-facts line", r)
		}
	}
}

// TestSecondaryDamageAndAdvice: the officer's words on secondary damage
// fill the "secondary" item of every draft; what users should do goes
// into the handling of the persons affected in the reports, and into the
// user notice's request, from the incident or else from the notices.
func TestSecondaryDamageAndAdvice(t *testing.T) {
	rec := records()
	inc := rec.Incidents[0]
	item := func(r Report, rec *himitsu.Records, key string) Item {
		t.Helper()
		d, err := Build(r, rec, "inc-full", drafted)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range d.Items {
			if it.Key == key {
				return it
			}
		}
		t.Fatalf("%s has no item %s", r, key)
		return Item{}
	}
	has := func(it Item, text string) bool {
		for _, l := range it.Lines {
			if strings.Contains(l.JA, text) {
				return true
			}
		}
		return false
	}
	for _, r := range Reports() {
		if it := item(r, rec, "secondary"); it.Missing || !has(it, inc.SecondaryDamage) {
			t.Errorf("%s: the secondary item lacks the recorded damage: %+v", r, it)
		}
		if r == UserNotice {
			continue
		}
		it := item(r, rec, "response")
		if !has(it, inc.UserAdvice) || !has(it, rec.Notifications[0].WhatToDo) {
			t.Errorf("%s: the response item lacks what users were asked to do: %+v", r, it.Lines)
		}
	}
	if it := item(UserNotice, rec, "advice"); it.Missing || !has(it, inc.UserAdvice) {
		t.Errorf("user notice: the advice item lacks the incident's advice: %+v", it)
	}
	// Without the incident's advice, the notices' words are used.
	rec.Incidents[0].UserAdvice = ""
	if it := item(UserNotice, rec, "advice"); it.Missing || !has(it, rec.Notifications[0].WhatToDo) {
		t.Errorf("user notice without the incident's advice: %+v", it)
	}
	// Without the officer's words the secondary item still says the
	// damage is not in the records, though it lists the risks.
	rec.Incidents[0].SecondaryDamage = ""
	rec.Incidents[0].FinancialRisk = himitsu.Yes
	if it := item(TBA28First, rec, "secondary"); !has(it, missing.JA) {
		t.Errorf("secondary item without the officer's words: %+v", it)
	}
}

func TestBuildErrors(t *testing.T) {
	_, err := Build("tba-28-third", records(), "inc-full", drafted)
	var he *himitsu.Error
	if !errors.As(err, &he) || he.Kind != himitsu.KindInvalid || !strings.Contains(he.Localized("ja"), "tba-28-first") || !strings.Contains(he.Error(), "unknown report") {
		t.Errorf("unknown report: got %v", err)
	}
	_, err = Build(TBA28First, records(), "inc-none", drafted)
	if !errors.As(err, &he) || he.Kind != himitsu.KindNotFound || !strings.Contains(he.Localized("ja"), "inc-none") {
		t.Errorf("unknown incident: got %v", err)
	}
	if _, err := CheckLang("fr"); err == nil {
		t.Error("CheckLang(fr) gave no error")
	}
}

// FuzzDraft feeds arbitrary text into the fields a draft quotes: the
// drafts must build and render whatever the records hold.
func FuzzDraft(f *testing.F) {
	f.Add("漏えい", "原因（調査中）", "第1号", "\x00\xff")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, title, cause, number, data string) {
		r := Reports()[len(title)%len(Reports())]
		if len(title)+len(cause)+len(number)+len(data) > 2000 {
			return
		}
		rec := records()
		inc := &rec.Incidents[0]
		inc.Title, inc.Cause, inc.Summary = title, cause, data
		inc.Affected[0].Data = data
		rec.Carrier.RegistrationNumber = number
		rec.RecurrenceMeasures[0].Description = cause
		d, err := Build(r, rec, "inc-full", drafted)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := HTML(d, "en"); err != nil {
			t.Fatal(err)
		}
		// The PDF's layout of arbitrary text is fuzzed by pdfdoc's
		// FuzzLayout; here the draft's blocks must be built.
		if doc := Document(d, "en"); len(doc.Blocks) == 0 {
			t.Fatal("no blocks")
		}
	})
}

// BenchmarkPDF measures rendering the detailed report, the largest
// draft, with English alongside.
func BenchmarkPDF(b *testing.B) {
	d, err := Build(TBA28Detailed, records(), "inc-full", drafted)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := PDF(d, "en"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTML measures rendering the same draft as HTML.
func BenchmarkHTML(b *testing.B) {
	d, err := Build(TBA28Detailed, records(), "inc-full", drafted)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := HTML(d, "en"); err != nil {
			b.Fatal(err)
		}
	}
}
