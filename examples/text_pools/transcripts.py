"""Two hand-written call transcripts. Speaker keys are filled in by build_examples.py.

Each turn is `key|text`. `csm`, `ae`, `se` are Tallywick staff; `c1`, `c2`, `c3` are the customer's people.
"""

from __future__ import annotations

RENEWAL = """
csm|Hi both, thanks for making time. Can you hear me okay?
c1|Yep, loud and clear. Sorry, we're a couple of minutes late, the previous meeting ran over.
c2|Hi! Yes, all good here.
csm|No problem at all. So the plan for today was to talk through the renewal in October, and also to hear how things are going on your side. Maybe we start with the second part?
c1|Sure. Honestly, it's been a good year. The close is a lot calmer than it used to be. I think we shaved three, maybe four days off the month-end.
c2|The dunning piece has been the surprise for me. I didn't expect it to matter that much, but we're recovering a lot more of the failed card payments than before.
csm|That's great to hear. I pulled the numbers before the call, actually: recovered revenue was a bit over sixty percent of failed payments last quarter.
c2|Nice. I'll steal that for our board update, if that's okay.
csm|Of course. Anything that's been painful?
c1|The dashboard has been slow a few times. Like, thirty seconds to load the revenue view on a Monday morning, which is exactly when our CEO opens it.
csm|Yeah, I saw your ticket on that. Engineering shipped a caching change two weeks ago. Has it been better since?
c1|Better, not perfect. I'd say ten seconds now.
csm|Okay, I'll keep an eye on it and follow up with the team. Now, the other thing, and I want to be upfront about it: list prices on Business are going up twelve percent at renewals from September.
c1|Right. We saw the email. I'm not going to pretend that's fun news.
c2|Especially with our budget process this year. Everything over five percent needs a justification from me to the CFO.
csm|Understood. What we can do is hold your current price if you're open to a two-year term. That's something I've already cleared on our side.
c1|Two years. Hmm. The thing is, we're probably moving to NetSuite in the next twelve to eighteen months. If there's no integration by then, I don't want to be locked in.
csm|That's fair. The NetSuite connector is on the roadmap for the first half of next year, but I can't promise a date on a call. What I can do is get you a written roadmap update from product.
c1|That would help. If it's in writing I can take it to the CFO.
c2|And could we get the two extra seats we talked about? We hired an analyst and a second accountant.
csm|I'll include two seats at no extra cost in the two-year proposal. Does that sound reasonable?
c1|It does. Send it over and we'll review it this week.
csm|Will do. I'll send the proposal and the roadmap note by Thursday. Thanks both, this was really helpful.
c2|Thanks! Talk soon.
"""

SECURITY = """
ae|Good morning everyone, thanks for joining. I know we have a big group today, so maybe a quick round of introductions?
c1|Sure. I lead the finance innovation team, I'm the sponsor for the pilot. With me are our vendor risk lead and someone from enterprise architecture.
c2|Good morning. I run third-party risk. I'll be honest with you from the start, I have a fairly long list.
c3|Hi. Architecture. My main interest is how this fits with our existing billing estate.
ae|Great, and on our side I'm joined by our solutions engineer, who'll take most of the technical questions.
se|Morning all. Happy to go as deep as you need.
c2|Let's start with hosting. Our policy requires customer financial data to stay in our own data centres, or at minimum a dedicated private cloud in our tenant. Is that an option?
se|Today we run as a multi-tenant cloud service in the US and EU regions. We don't offer an on-premise deployment or a single-tenant private cloud.
c2|Is it on the roadmap?
se|Not in the next twelve months, no. I'd rather tell you that now than have it come up in month three.
c2|I appreciate that. Customer-managed encryption keys? We'd need to hold the keys in our own HSM.
se|Data is encrypted at rest and in transit, but we manage the keys. Bring-your-own-key is something we're exploring, without a committed date.
c2|Audit logs. Can you stream events to our SIEM in real time?
se|You can download the audit log or pull it through the API. There's no native streaming connector yet.
c2|Okay. I'll be candid, that's three items that our standard classifies as high risk.
c1|Can I jump in? From the finance side, the pilot users loved what they saw. The reporting is far ahead of what we have internally. I don't want us to lose sight of that.
c3|Agreed on the reporting. My question is different. Our core billing runs on a mainframe that exports fixed-width files every night. Could Tallywick ingest those?
se|Not natively. Our integrations assume a modern payment processor or an accounting system with an API. We could discuss a services engagement, but it would be custom work.
c3|That's what I expected. We'd also need maker-checker approvals on any price or credit note change. Segregation of duties.
se|We have role-based permissions and an audit trail, but not a two-person approval workflow today.
c2|Then realistically, we're looking at compensating controls for several findings, and each one needs sign-off from our CISO.
ae|Would it help if we provided written answers with roadmap status for each item, so your committee has everything in one document?
c2|Yes. In writing, with dates where you have them. Verbal answers don't count for audit.
c1|And could we extend the pilot while this is reviewed? The users barely had access for half of it.
ae|Let me take that back internally. I think a short extension with clear exit criteria is possible.
c1|Thank you. I'll be honest too: I think we may have expected a slightly different kind of product. But I'd like to give it a fair chance.
ae|That's completely fair. We'll send the written responses by the end of next week.
"""
