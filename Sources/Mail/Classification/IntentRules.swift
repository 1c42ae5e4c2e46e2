/// Phrase rules for what a human reply asks for: to stop, to meet, to be called, or to learn more.
///
/// Unsubscribe rules run first. Negated matches are skipped ("please don't stop emailing me" is not a
/// request to stop; we accept missing the rare "don't unsubscribe me" joke). A bare "not interested" with
/// no request to stop is *not* an unsubscribe request: it ends the sequence as Responded, which keeps the
/// lead eligible for a later, different role; "not interested, please don't contact me" is one.
/// Among interest rules the earliest match in the text wins, so "let's meet, or call me" is a meeting;
/// a bare "I'm interested" counts only when nothing more specific matched.
enum IntentRules {
    static let unsubscribe: [PhraseRule] = [
        PhraseRule(#"\bunsubscribe\b"#, label: "unsubscribe"),
        PhraseRule(#"\bremove (me|my (e-?mail|address|details|name))\b"#, label: "remove me"),
        PhraseRule(#"\bstop (e-?mailing|emailing|contacting|messaging|sending|spamming)\b"#, label: "stop emailing"),
        PhraseRule(#"\btake me off\b"#, label: "take me off your list", honoursNegation: false),
        PhraseRule(
            #"\b(do not|don't|don’t|dont|never) (contact|e-?mail|email|message|write to) me\b"#,
            label: "don't contact me",
            honoursNegation: false
        ),
        PhraseRule(
            #"\bno (more|further) (e-?mails|emails|contact|messages)\b"#,
            label: "no more emails",
            honoursNegation: false
        ),
        PhraseRule(#"\bopt(ed|ing)?[ -]?(me )?out\b"#, label: "opt out"),
        PhraseRule(
            #"\b(no longer|don't|do not) (wish|want) to (receive|hear|be contacted)\b"#,
            label: "no longer wish to receive",
            honoursNegation: false
        ),
        PhraseRule(#"\b(leave me alone|lose my (number|email|details))\b"#, label: "leave me alone"),
        PhraseRule(#"\bdelete (my|me)\b.{0,30}\b(data|details|email|address|list|database)"#, label: "delete my data"),
    ]

    static let meeting: [PhraseRule] = [
        PhraseRule(
            #"\blet('|’)?s (meet|catch up|grab|get together|find a time|set up|book|schedule|chat)\b"#,
            label: "let's meet"
        ),
        PhraseRule(#"\b(book|find|pick|grab) (a|some) (time|slot|meeting|call)\b"#, label: "book a time"),
        PhraseRule(#"\bhappy to (chat|meet|talk|catch up|have a chat|discuss)\b"#, label: "happy to chat"),
        PhraseRule(
            #"\b(schedule|arrange|organi[sz]e|set up|book) (a|an|the) "#
                + #"(call|meeting|chat|interview|time|video call|teams call|zoom)\b"#,
            label: "schedule a call"
        ),
        PhraseRule(
            #"\b(available|free) (on |this |next |for a (chat|call|meeting) on )?"#
                + #"(monday|tuesday|wednesday|thursday|friday|tomorrow|next week|this week|mon|tue|wed|thu|fri)\b"#,
            label: "available on a day"
        ),
        PhraseRule(
            #"\b(does|would|how about|what about) (monday|tuesday|wednesday|thursday|friday|tomorrow)\b"#,
            label: "proposes a day"
        ),
        PhraseRule(#"\b(send|sent) (me |over )?(a |an )?(calendar )?invite\b"#, label: "send an invite"),
        PhraseRule(#"\b(grab|have|get) (a )?coffee\b"#, label: "coffee"),
        PhraseRule(#"\b(keen|love|like|glad) to (meet|chat|catch up|have a chat|discuss)\b"#, label: "keen to meet"),
        PhraseRule(#"\bmy calendar\b|\bcalendly\b"#, label: "calendar link"),
        PhraseRule(
            #"\b(could|can|shall|should) we (do|have|set up|arrange|schedule|book) (a|an) (quick |short )?"#
                + #"((teams|zoom|video|google meet|in-person|face-to-face) )?(meeting|catch-up|catch up|chat)\b"#,
            label: "could we meet"
        ),
    ]

    static let call: [PhraseRule] = [
        PhraseRule(#"\b(call|ring|phone) me\b"#, label: "call me"),
        PhraseRule(#"\bgive me a (ring|call|bell|buzz)\b"#, label: "give me a ring"),
        PhraseRule(
            #"\bmy (mobile |cell |phone |direct |contact )?(number|no\.?|mobile|cell|line) is\b"#,
            label: "my number is"
        ),
        PhraseRule(#"\b(reach|contact|catch) me on\b"#, label: "reach me on"),
        PhraseRule(#"\b(jump|hop|get) on a (quick |short )?(phone )?call\b"#, label: "jump on a call"),
        PhraseRule(#"\b(best|easiest) (number|way to reach me|to call)\b"#, label: "best number"),
        PhraseRule(
            #"\b(feel free|happy for you|you can|you're welcome) to (call|ring|phone)\b"#,
            label: "feel free to call"
        ),
    ]

    static let moreInformation: [PhraseRule] = [
        PhraseRule(
            #"\bsend (me |over |through )?(some |a bit )?(more )?"#
                + #"(info|information|details|the (jd|job description|details|brief|spec))\b"#,
            label: "send me more info"
        ),
        PhraseRule(#"\btell me (a (bit|little) )?more\b"#, label: "tell me more"),
        PhraseRule(
            #"\bwhat( are| is|'s|’s) the (rate|rates|salary|pay|package|day rate|hourly rate|budget|fee|fees|base)\b"#,
            label: "what are the rates"
        ),
        PhraseRule(
            #"\b(can|could|would) you (please )?(share|send|provide|forward)\b.{0,30}"#
                + #"\b(details|info|information|jd|description|more)\b"#,
            label: "can you share details"
        ),
        PhraseRule(#"\b(more|further) (info|information|details)\b"#, label: "more information"),
        PhraseRule(
            #"\b(interested|keen) (in|to) (hear|hearing|learn|learning|know|knowing|find out|finding out) more\b"#,
            label: "keen to hear more"
        ),
        PhraseRule(#"\b(like|love|want|keen) to (know|hear|learn|find out) more\b"#, label: "like to know more"),
        PhraseRule(
            #"\b(who is the client|which company|what company|where is (it|the role) based|is (it|the role) remote)\b"#,
            label: "asks about the role"
        ),
    ]

    /// A plain "I'm interested" with nothing more specific: read as wanting more information, with less
    /// confidence, and only when no specific interest rule matched anywhere in the text.
    static let generalInterest = PhraseRule(
        #"\b(I('| a)m|I’m|sounds|definitely|very|yes,?|certainly|quite) interest(ed|ing)\b"#,
        label: "interested"
    )

    /// Every rule, for the tests to check they compile.
    static var allRules: [PhraseRule] { unsubscribe + meeting + call + moreInformation + [generalInterest] }
}
