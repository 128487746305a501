package assess

import (
	"time"

	"github.com/himitsu-oss/himitsu"
)

func rankStatus(s himitsu.ProtectionStatus) int {
	switch s {
	case himitsu.ProtectionInPlace:
		return 3
	case himitsu.ProtectionPartial:
		return 2
	case himitsu.ProtectionPlanned:
		return 1
	}
	return 0
}

// staleChange is the change that makes a grant stale.
type staleChange struct {
	change *himitsu.OrgChange // nil when the person left (persons.left_on)
	left   bool
}

var askComplaints = tx("苦情の記録がない。通信の秘密・漏えいの疑い・プライバシーに関する苦情や相談をすべて記録し、漏えいの端緒となるものは速やかに上申しているか。",
	"No complaint is recorded. Does the desk record every complaint or consultation about secrecy, suspected leaks or privacy, and escalate those that may reveal a leak promptly?")

// written channels let a user leave a record of what they said.
var writtenChannels = []himitsu.Channel{himitsu.ChannelEmail, himitsu.ChannelWeb, himitsu.ChannelMail, himitsu.ChannelFax, himitsu.ChannelChat}

// ts renders a time in Japan, as every date in the report is reckoned there.
func ts(t time.Time) string { return t.In(himitsu.Tokyo).Format(time.RFC3339) }
