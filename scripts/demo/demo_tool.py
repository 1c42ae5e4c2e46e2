#!/usr/bin/python3
"""Helpers for scripts/demo.sh (Python standard library only).

Subcommands:
  contacts     write the control-API body that creates the demo's contacts (plus edge cases)
  mailstats    count the demo's sent emails in a maildir and find duplicates
  replies      build reply emails (interested, out-of-office, unsubscribe, hard bounce) to sent emails
  progress     one progress check over sandbox, leads and maildir; exit 0 when everything landed
  replystate   check that leads that got replies reached their expected state
  report       write demo-report.json, print the human summary and (with --strict) check expectations
  json         read a JSON value from a file or stdin by a dotted path
"""

import argparse
import email
import email.policy
import email.utils
import json
import os
import random
import string
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))

FIRST_NAMES = ["Olivia", "Noah", "Amelia", "Jack", "Isla", "William", "Mia", "Oliver", "Ava", "Leo",
               "Charlotte", "Henry", "Grace", "Lucas", "Chloe", "Thomas", "Zoe", "James", "Ruby", "Harper"]
LAST_NAMES = ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Martin", "Lee", "Walker",
              "Harris", "Ryan", "Chen", "King", "Kelly", "Young", "Scott", "Patel", "Clarke", "Baker"]
POSITIONS = ["Hiring Manager", "Head of Engineering", "HR Director", "Talent Lead", "CTO", "Operations Manager"]

# What a played reply should be classified as: the labels nurture stores in messages.classification
# (Mail's ReplyClassification.Kind.label).
CLASSIFICATION_LABELS = {
    "interested": ("interested_",),
    "out_of_office": ("auto_reply",),
    "unsubscribe": ("unsubscribe",),
    "hard_bounce": ("bounce_hard",),
}
EXPECTED_STATE = {
    "interested": ("Hot",),
    "out_of_office": ("Cold", "Engaged"),
    "unsubscribe": ("UnSubscribed",),
    "hard_bounce": ("DeActivated",),
}
EXPECTED_JOBADDER_STATUS = {
    "interested": "Active Contact",
    "unsubscribe": "Inactive Contact",
    "hard_bounce": "Inactive Contact",
}


def load(path, default=None):
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return default
    if not text.strip():
        return default
    return json.loads(text)


def save(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------- contacts

def cmd_contacts(args):
    """The body of POST /_sandbox/accounts/<id>/contacts: `count` contacts, the last two edge cases."""
    count = args.count
    if count < 4:
        sys.exit("DEMO_CONTACTS must be at least 4")
    run = args.run_id
    contacts = []
    for index in range(count - 2):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        contacts.append({
            "firstName": first, "lastName": last, "position": POSITIONS[index % len(POSITIONS)],
            "email": f"{first.lower()}.{last.lower()}.{index + 1}@{run}.example.com",
        })
    contacts.append({"firstName": "Nomail", "lastName": "Person", "position": "Hiring Manager"})
    contacts.append({
        "firstName": "Optedout", "lastName": "Person", "position": "Hiring Manager", "unsubscribed": True,
        "email": f"optedout.person@{run}.example.com",
    })
    json.dump({"contacts": contacts}, sys.stdout)


# ---------------------------------------------------------------------------------------------- maildir

def header_text(message, name):
    value = message.get(name)
    return str(value).strip() if value is not None else ""


def addresses(message, name):
    return [address.lower() for _, address in email.utils.getaddresses([header_text(message, name)]) if address]


def read_sent(maildir, domain, skip):
    """Sent emails whose From is an assistant mailbox under `domain`, skipping files named in `skip`."""
    found = []
    for folder in ("new", "cur"):
        path = os.path.join(maildir, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if name in skip:
                continue
            full = os.path.join(path, name)
            try:
                with open(full, "rb") as handle:
                    raw = handle.read()
            except OSError:
                continue
            message = email.message_from_bytes(raw, policy=email.policy.compat32)
            senders = addresses(message, "From")
            if not senders or not senders[0].endswith("@" + domain):
                continue
            found.append({
                "file": full, "name": name, "from": senders[0], "to": addresses(message, "To"),
                "message_id": header_text(message, "Message-ID"), "subject": header_text(message, "Subject"),
                "in_reply_to": header_text(message, "In-Reply-To"), "mtime": os.path.getmtime(full),
            })
    found.sort(key=lambda item: item["mtime"])
    return found


def skip_list(path):
    if not path or not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as handle:
        return {line.strip() for line in handle if line.strip()}


def mail_statistics(maildir, domain, skip):
    sent = read_sent(maildir, domain, skip)
    ids = Counter(item["message_id"] for item in sent if item["message_id"])
    # A lead + step is the recipient plus the subject (every step of the demo context has its own subject).
    steps = Counter((",".join(item["to"]), item["subject"]) for item in sent)
    first_emails = {addr for item in sent if not item["in_reply_to"] for addr in item["to"]}
    return {
        "emails_sent": len(sent),
        "recipients": len({addr for item in sent for addr in item["to"]}),
        "first_emails_recipients": len(first_emails),
        "duplicate_message_ids": sum(n - 1 for n in ids.values() if n > 1),
        "duplicate_lead_steps": sum(n - 1 for n in steps.values() if n > 1),
        "by_assistant": dict(Counter(item["from"] for item in sent)),
        "by_subject": dict(Counter(item["subject"] for item in sent)),
    }


def cmd_mailstats(args):
    json.dump(mail_statistics(args.maildir, args.domain, skip_list(args.skip)), sys.stdout, indent=2)
    print()


# ---------------------------------------------------------------------------------------------- replies

def fill(template_name, values):
    with open(os.path.join(HERE, "replies", template_name), encoding="utf-8") as handle:
        text = string.Template(handle.read()).substitute(values)
    # RFC 5322 wants CRLF line ends.
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def cmd_replies(args):
    """Picks sent first emails (distinct leads) and writes one reply per planned kind."""
    plan = []
    for part in args.plan.split(","):
        kind, _, number = part.partition("=")
        plan += [kind.strip()] * int(number)
    unknown = [kind for kind in plan if kind not in EXPECTED_STATE]
    if unknown:
        sys.exit(f"unknown reply kinds: {unknown}")
    excluded = {line.lower() for line in args.exclude.split(",") if line}
    sent = [item for item in read_sent(args.maildir, args.domain, skip_list(args.skip))
            if not item["in_reply_to"] and item["message_id"] and len(item["to"]) == 1
            and item["to"][0] not in excluded]
    seen = set()
    candidates = []
    for item in sent:
        if item["to"][0] not in seen:
            seen.add(item["to"][0])
            candidates.append(item)
    if len(candidates) < len(plan):
        sys.exit(f"only {len(candidates)} sent first emails to reply to; {len(plan)} replies planned")
    random.Random(args.seed).shuffle(candidates)
    os.makedirs(args.outdir, exist_ok=True)
    now = datetime.now(timezone.utc)
    played = []
    for number, (kind, original) in enumerate(zip(plan, candidates), start=1):
        lead = original["to"][0]
        assistant = original["from"]
        subject = original["subject"]
        values = {
            "lead": lead, "assistant": assistant, "original_message_id": original["message_id"],
            "subject": subject if subject.lower().startswith("re:") else "Re: " + subject,
            "original_subject": subject,
            "date": email.utils.format_datetime(now),
            "message_id": f"<demo-reply-{number}-{os.getpid()}-{int(time.time())}@{lead.split('@')[1]}>",
            "return_date": (now + timedelta(days=14)).strftime("%A %d %B %Y"),
            "boundary": f"demo-dsn-{number}-{os.getpid()}",
            "mta": "mx.demo-mail.example",
            "lead_domain": lead.split("@")[1],
        }
        raw = fill(f"{kind}.eml", values)
        path = os.path.join(args.outdir, f"{number:02d}-{kind}.eml")
        with open(path, "wb") as handle:
            handle.write(raw)
        played.append({"kind": kind, "lead_email": lead, "assistant": assistant,
                       "original_message_id": original["message_id"], "file": path})
    save(os.path.join(args.outdir, "played.json"), played)
    for item in played:
        print(f"{item['file']}\t{item['kind']}\t{item['lead_email']}")


# ---------------------------------------------------------------------------------------------- checks

def notes_by_contact(notes):
    """Notes Handover wrote (not JobAdder's own status-change notes), by contact id."""
    table = defaultdict(list)
    for note in notes.get("items", []):
        if note.get("createdByIntegration"):
            table[note["contactId"]].append(note)
    return table


def duplicate_notes(notes):
    references = Counter((note["contactId"], note["reference"]) for note in notes.get("items", [])
                         if note.get("reference"))
    return sum(n - 1 for n in references.values() if n > 1)


def cmd_progress(args):
    """Prints one progress line; exit 0 when every assigned contact was handled end to end."""
    state = load(args.state)
    leads = load(args.leads, {}) or {}
    notes = load(args.notes, {"items": []})
    contacts = {c["contactId"]: c for c in load(args.contacts, {"items": []}).get("items", [])}
    per_contact = notes_by_contact(notes)
    eligible = state["eligible"]
    refused = state["refused"]
    with_lead = sum(1 for cid in eligible if str(cid) in leads)
    stray = sum(1 for cid in refused if str(cid) in leads)
    mail = mail_statistics(args.maildir, args.domain, skip_list(args.skip)) if args.emails else None
    emails_ok = True
    if mail is not None:
        emails_ok = mail["first_emails_recipients"] >= len(eligible)
    wanted_notes = 2 if args.emails else 1
    noted = sum(1 for cid in eligible if len(per_contact.get(cid, [])) >= wanted_notes)
    refused_done = sum(1 for cid in refused if per_contact.get(cid)
                       and contacts.get(cid, {}).get("status", {}).get("name") == "Inactive Contact")
    line = (f"leads {with_lead}/{len(eligible)}"
            + (f"  first emails {mail['first_emails_recipients']}/{len(eligible)}" if mail else "")
            + f"  contacts with notes {noted}/{len(eligible)}  refused handled {refused_done}/{len(refused)}")
    print(line, flush=True)
    done = (with_lead == len(eligible) and stray == 0 and emails_ok and noted == len(eligible)
            and refused_done == len(refused))
    sys.exit(0 if done else 1)


def cmd_replystate(args):
    """Exit 0 when every played reply's lead is in its expected state, its reply is stored and, for
    replies that hand the contact back, JobAdder shows the hand-back status."""
    played = load(args.played, [])
    leads = load(args.leads_by_email, {}) or {}
    contacts = load(args.contacts, {"items": []}).get("items", [])
    status_by_email = {(c.get("email") or "").lower(): c.get("status", {}).get("name") for c in contacts}
    waiting = []
    for item in played:
        lead = leads.get(item["lead_email"].lower())
        if not lead:
            waiting.append(f"{item['kind']}: no lead")
            continue
        if lead["state"] not in EXPECTED_STATE[item["kind"]]:
            waiting.append(f"{item['kind']}: {lead['state']}")
            continue
        if not lead.get("inbound"):
            waiting.append(f"{item['kind']}: reply not stored yet")
            continue
        if item["kind"] == "out_of_office" and not lead.get("paused_until"):
            waiting.append("out_of_office: not paused")
            continue
        wanted = EXPECTED_JOBADDER_STATUS.get(item["kind"])
        if wanted and status_by_email.get(item["lead_email"].lower()) != wanted:
            waiting.append(f"{item['kind']}: JobAdder status {status_by_email.get(item['lead_email'].lower())}")
    print(f"replies settled {len(played) - len(waiting)}/{len(played)}"
          + (f"  waiting: {'; '.join(waiting[:4])}" if waiting else ""), flush=True)
    sys.exit(0 if not waiting else 1)


# ---------------------------------------------------------------------------------------------- report

def classified_as(kind, classification):
    return (classification or "").startswith(CLASSIFICATION_LABELS[kind])


def cmd_report(args):
    state = load(args.state)
    leads = load(args.leads, {}) or {}
    leads_by_email = load(args.leads_by_email, {}) or {}
    notes = load(args.notes, {"items": []})
    changes = load(args.status_changes, {"items": []})
    contacts = load(args.contacts, {"items": []}).get("items", [])
    played = load(args.played, []) or []
    deliveries = load(args.deliveries, {"items": []}) if args.deliveries else {"items": []}
    mail = mail_statistics(args.maildir, args.domain, skip_list(args.skip))
    eligible, refused = state["eligible"], state["refused"]
    assigned = eligible + refused

    by_state = Counter(lead["state"] for lead in leads.values())
    integration_changes = [c for c in changes.get("items", []) if c.get("origin") != "recruiter"]
    per_contact = notes_by_contact(notes)
    integration_notes = [n for n in notes.get("items", []) if n.get("createdByIntegration")]
    status_by_id = {c["contactId"]: c.get("status", {}).get("name") for c in contacts}

    replies_played = Counter(item["kind"] for item in played)
    replies_classified = Counter()
    classification_detail = defaultdict(Counter)
    for item in played:
        lead = leads_by_email.get(item["lead_email"].lower()) or {}
        for classification in lead.get("inbound", []):
            classification_detail[item["kind"]][classification or "unclassified"] += 1
        if any(classified_as(item["kind"], c) for c in lead.get("inbound", [])):
            replies_classified[item["kind"]] += 1
    reply_states = defaultdict(Counter)
    for item in played:
        lead = leads_by_email.get(item["lead_email"].lower()) or {}
        reply_states[item["kind"]][lead.get("state", "no lead")] += 1

    report = {
        "mode": args.mode,
        "contacts_assigned": len(assigned),
        "contacts_eligible": len(eligible),
        "contacts_refused": len(refused),
        "refused_with_note_and_inactive": sum(
            1 for cid in refused if per_contact.get(cid) and status_by_id.get(cid) == "Inactive Contact"),
        "leads_total": len(leads),
        "leads_for_assigned_contacts": sum(1 for cid in eligible if str(cid) in leads),
        "leads_for_refused_contacts": sum(1 for cid in refused if str(cid) in leads),
        "leads_by_state": dict(sorted(by_state.items())),
        "emails_sent": mail["emails_sent"],
        "emails_by_assistant": mail["by_assistant"],
        "replies_played": dict(replies_played),
        "replies_classified": dict(replies_classified),
        "replies_classification_detail": {k: dict(v) for k, v in classification_detail.items()},
        "reply_lead_states": {k: dict(v) for k, v in reply_states.items()},
        "jobadder_notes": len(integration_notes),
        "jobadder_notes_by_type": dict(Counter(n["type"] for n in integration_notes)),
        "jobadder_notes_including_recruiter_status_notes": len(notes.get("items", [])),
        "jobadder_status_changes": len(integration_changes),
        "jobadder_status_changes_by_status": dict(Counter(c.get("statusName") for c in integration_changes)),
        "webhook_deliveries": dict(Counter(d.get("outcome") for d in deliveries.get("items", []))),
        "duplicate_notes": duplicate_notes(notes),
        "duplicate_emails": mail["duplicate_message_ids"] + mail["duplicate_lead_steps"],
        "elapsed_seconds": round(time.time() - state["started_at"], 1),
        "timings": state.get("timings", {}),
    }
    failures = []
    if report["leads_for_assigned_contacts"] != len(eligible):
        failures.append(f"{len(eligible) - report['leads_for_assigned_contacts']} assigned contacts have no lead")
    if report["leads_for_refused_contacts"]:
        failures.append(f"{report['leads_for_refused_contacts']} refused contacts got a lead")
    if report["refused_with_note_and_inactive"] != len(refused):
        failures.append("a refused contact lacks its note or Inactive Contact status")
    if any(len(per_contact.get(cid, [])) == 0 for cid in eligible):
        failures.append("some assigned contacts have no note in JobAdder")
    if report["duplicate_notes"]:
        failures.append(f"{report['duplicate_notes']} duplicate notes")
    if report["duplicate_emails"]:
        failures.append(f"{report['duplicate_emails']} duplicate emails")
    if not args.no_emails:
        if mail["first_emails_recipients"] < len(eligible):
            failures.append(f"first emails reached {mail['first_emails_recipients']} of {len(eligible)} leads")
        for kind, number in replies_played.items():
            if replies_classified.get(kind, 0) != number:
                failures.append(f"{kind}: {replies_classified.get(kind, 0)} of {number} replies classified as such"
                                f" (saw {dict(classification_detail.get(kind, {}))})")
            bad = sum(n for s, n in reply_states[kind].items() if s not in EXPECTED_STATE[kind])
            if bad:
                failures.append(f"{kind}: {bad} leads not in {'/'.join(EXPECTED_STATE[kind])}")
    report["expectations_failed"] = failures
    save(args.out, report)

    print()
    print(f"== Handover demo ({args.mode}) ==")
    print(f"contacts assigned in JobAdder: {len(assigned)} ({len(eligible)} eligible, {len(refused)} edge cases: "
          f"no email, unsubscribed in JobAdder → refused: {report['refused_with_note_and_inactive']})")
    print(f"leads: {len(leads)}  " + "  ".join(f"{k} {v}" for k, v in sorted(by_state.items())))
    print(f"emails sent: {mail['emails_sent']}  ("
          + ", ".join(f"{k} {v}" for k, v in sorted(mail["by_assistant"].items())) + ")")
    if played:
        print("replies played → classified:")
        for kind in sorted(replies_played):
            detail = ", ".join(f"{c} {n}" for c, n in classification_detail.get(kind, {}).items()) or "none stored"
            states = ", ".join(f"{s} {n}" for s, n in reply_states[kind].items())
            print(f"  {kind:14} played {replies_played[kind]}  classified as {kind}: "
                  f"{replies_classified.get(kind, 0)}  ({detail})  lead states: {states}")
    print(f"JobAdder notes by Handover: {report['jobadder_notes']}  ("
          + ", ".join(f"{k} {v}" for k, v in sorted(report["jobadder_notes_by_type"].items())) + ")")
    print(f"JobAdder status changes by Handover: {report['jobadder_status_changes']}  ("
          + ", ".join(f"{k} {v}" for k, v in sorted(report["jobadder_status_changes_by_status"].items(),
                                                      key=lambda kv: str(kv[0]))) + ")")
    print("JobAdder webhook deliveries to ingest: "
          + (", ".join(f"{k} {v}" for k, v in sorted(report["webhook_deliveries"].items())) or "none"))
    print(f"duplicates: notes {report['duplicate_notes']}, emails {report['duplicate_emails']}")
    timings = "  ".join(f"{k} at {v}s" for k, v in sorted(report["timings"].items(), key=lambda kv: kv[1]))
    print(f"elapsed: {report['elapsed_seconds']} s" + (f"  ({timings})" if timings else ""))
    if failures:
        print("EXPECTATIONS FAILED:")
        for failure in failures:
            print(f"  - {failure}")
    else:
        print("all expectations met")
    print(f"report: {args.out}")
    sys.exit(1 if failures and args.strict else 0)


def cmd_json(args):
    text = open(args.file, encoding="utf-8").read() if args.file != "-" else sys.stdin.read()
    value = json.loads(text)
    for key in [k for k in args.path.split(".") if k]:
        value = value[int(key)] if isinstance(value, list) else value[key]
    if args.count:
        print(len(value))
    else:
        print(value if not isinstance(value, (dict, list)) else json.dumps(value))


def cmd_timing(args):
    state = load(args.state)
    state.setdefault("timings", {})[args.name] = round(time.time() - state["started_at"], 1)
    save(args.state, state)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("contacts")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--run-id", required=True)
    p.set_defaults(func=cmd_contacts)

    def mail_args(p):
        p.add_argument("--maildir", required=True)
        p.add_argument("--domain", required=True, help="assistant mailbox domain, e.g. demo.7ts-e.com")
        p.add_argument("--skip", help="file listing maildir file names to ignore (mail from before this run)")

    p = sub.add_parser("mailstats")
    mail_args(p)
    p.set_defaults(func=cmd_mailstats)

    p = sub.add_parser("replies")
    mail_args(p)
    p.add_argument("--plan", required=True, help="kind=count,...")
    p.add_argument("--outdir", required=True)
    p.add_argument("--exclude", default="")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_replies)

    p = sub.add_parser("progress")
    mail_args(p)
    p.add_argument("--state", required=True)
    p.add_argument("--leads", required=True)
    p.add_argument("--notes", required=True)
    p.add_argument("--contacts", required=True)
    p.add_argument("--emails", action="store_true", help="also wait for first emails")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("replystate")
    p.add_argument("--played", required=True)
    p.add_argument("--leads-by-email", required=True)
    p.add_argument("--contacts", required=True)
    p.set_defaults(func=cmd_replystate)

    p = sub.add_parser("report")
    mail_args(p)
    for name in ("state", "leads", "leads-by-email", "notes", "status-changes", "contacts", "played", "deliveries",
                 "out"):
        p.add_argument(f"--{name}", required=name not in ("played", "deliveries"))
    p.add_argument("--mode", default="demo")
    p.add_argument("--strict", action="store_true")
    p.add_argument("--no-emails", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("json")
    p.add_argument("file")
    p.add_argument("path")
    p.add_argument("--count", action="store_true", help="print the length of the value")
    p.set_defaults(func=cmd_json)

    p = sub.add_parser("timing")
    p.add_argument("--state", required=True)
    p.add_argument("name")
    p.set_defaults(func=cmd_timing)

    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
