"""Call-note fragments for the planted poor-fit segments. Invented; written with respect for the customers."""

from __future__ import annotations

from . import lines

REGULATED = {
    "Pilot kickoff": lines("""
Pilot kickoff with a large group: finance innovation, IT security, procurement, enterprise architecture, legal. Eleven people on their side. The finance users are enthusiastic; everyone else arrived with a list of requirements.
Kickoff of the 90-day pilot. Scope: five finance users, read-only reporting on one business line. Infra team says network access and SSO integration need a change request first, which could take four to six weeks.
Pilot kickoff. Their sponsor wants to replace a set of internal reporting tools. Security stated up front that production use requires on-prem or a private cloud in their own tenant. Flagged to leadership as a likely blocker.
[Banking/Insurance] Kickoff call went long. Their architecture team asked how Tallywick would integrate with the mainframe billing system and whether we could ingest fixed-width nightly files. We can't out of the box; they'd need professional services.
"""),
    "Security review": lines("""
Four-hour security workshop on site with vendor risk, the CISO's deputy, identity and architecture. // Hosting and data: they require single-tenant hosting in their own cloud tenancy, in-country. We explained our multi-tenant architecture in the US and EU regions, tenant isolation and encryption. Not accepted as equivalent; it goes to the risk committee as a finding. // Identity: SSO works with their IdP in testing, but SCIM does not resolve nested groups and deprovisioning runs hourly. Their access standard requires 15 minutes. Finding. // Logging and keys: no SIEM streaming, no customer-managed keys. Two more findings. // Outcome: we are rated high risk with six findings. The finance sponsor remains supportive but acknowledged that the pilot cannot go to production in its current form. Our SE spent roughly 40 hours preparing for this session.
Security review session with their vendor risk team. Went through 312 questions; about 40 require "partially" or "planned" answers (BYOK, SIEM streaming, IP allowlisting, in-country hosting). They will score us as high risk pending compensating controls.
Security deep dive with their CISO's team. Main findings: session timeout not configurable below 12 hours, no maker-checker on credit notes, audit log not streamed. They requested written roadmap commitments with dates.
Follow-up security call. They rejected our SOC 2 report as insufficient on its own and asked for the full pentest report, DR test evidence and a sub-processor list with hosting locations.
Walked through SSO and SCIM with their identity team. Nested groups and their ADFS claim rules are a problem. Their CAB meets monthly, so every config change adds weeks.
Data residency discussion with their DPO. They need all processing, including email delivery and support tooling, in-region. Our email sub-processor is US-based. Blocker unless legal finds a path.
"""),
    "Pilot check-in": lines("""
Pilot check-in, week 7. Only two of five pilot users have logged in; the others are still waiting for network access. The finance lead is frustrated with their own IT, not with us, but the pilot clock is running.
Mid-pilot check-in. Users who got access like the dashboards. Nobody has connected real billing data yet because the data classification review isn't finished. Discussed using anonymised exports in the meantime.
Pilot check-in with the sponsor. She is supportive but warned that the steering committee will ask why usage is low. Agreed to prepare a summary of blockers with owners.
Check-in call. They asked for a third pilot extension. Our leadership is reluctant; we've spent a lot of SE time already. Agreed to a final 30-day extension with clear exit criteria.
Pilot check-in mostly about their requirement for 2,000 read-only users at a flat price. Our seat-based model doesn't fit. Pricing desk to propose something, but the gap is large.
"""),
    "Procurement call": lines("""
Procurement call. Their vendor onboarding requires insurance certificates, ESG questionnaire, modern slavery statement, banking verification and a 60-day payment term. Our finance team is working through the forms.
Call with procurement and legal. MSA redlines include unlimited liability for data breaches, audit rights on our premises and 30-day data deletion with certificate. Our legal counsel will push back on liability.
Procurement sync. They require e-invoicing through their supplier portal with PO and cost-centre references on every invoice. We can do the references; the portal submission is manual on our side.
Discussion with their purchasing team about the SLA. They require 99.99% with 24/7 sev-1 response. We offer 99.9% and business hours. They'll ask for an exception but didn't sound optimistic.
"""),
    "Pilot wrap-up": lines("""
Formal pilot close-out meeting with the steering committee. // What went well: the finance users who got access rated the reporting 4.5/5 and found a reconciliation gap in one business line within two weeks. The sponsor said the analytics were "a generation ahead" of their internal tools. // What didn't: nine months from kickoff to close, of which users had access for roughly ten weeks. Security review findings (hosting, SCIM, SIEM, keys) remained open. Procurement never issued a PO beyond the pilot. Total effort on our side: around 150 hours of SE and CSM time against a heavily discounted pilot fee. // Decision: no production rollout. They asked us to certify data deletion and said they'd revisit if in-country hosting becomes available. Internally we should review how we qualify regulated enterprise pilots.
Pilot wrap-up. The steering committee decided not to proceed to production. Reasons given: data residency, no on-prem option, and role model not meeting segregation-of-duties requirements. Finance team was disappointed; they liked the product.
Pilot closed. The security review never completed within the pilot window, so production approval was impossible. They may revisit in 18 months if we add in-country hosting.
Wrap-up call. Adoption stayed low all pilot (peak of 4 weekly users). Their sponsor was honest: the organisation wasn't ready and the product would need heavy customisation to fit their approval workflows.
Pilot ended without conversion. They're going with an extension of their ERP vendor's billing module, which already passed their vendor risk process. They asked for a data destruction certificate.
"""),
}

REGULATED_POSITIVES = lines("""
Finance pilot users rate the dashboards highly and said they're better than their current internal reports.
The sponsor is a genuine champion and has pushed internally for the pilot.
Their security team complimented the clarity of our architecture documentation.
Users who had access picked up the interface within a day.
Our SE built a strong relationship with their enterprise architecture lead.
The reporting on the one business line in scope surfaced a reconciliation gap they didn't know about.
""")

REGULATED_CONCERNS = lines("""
No on-prem or private-cloud deployment; security considers this a hard requirement.
Data residency: email delivery sub-processor is outside the region.
Customer-managed keys (BYOK/HSM) not available.
Audit logs are download-only; they need real-time SIEM streaming.
No maker-checker approval workflow for credit notes, prices or discounts.
Roles are too coarse for their segregation-of-duties model.
SCIM does not handle nested groups; deprovisioning delay is an audit finding.
Session timeout is not configurable to 15 minutes.
SLA (99.9%, business hours) below their 99.99%/24x7 requirement.
Per-seat pricing does not fit 2,000 read-only users.
Pilot usage is very low because access is blocked by their own security review.
Procurement process alone is expected to take four to six months.
[Banking/Insurance] They need an adapter for their mainframe billing exports; that's custom work.
IP allowlisting not available for their tenant.
MSA redlines on liability and audit rights are unlikely to be acceptable to our legal team.
Significant SE and CSM time spent relative to contract value; pilot pricing was heavily discounted.
""")

REGULATED_QUOTES = lines("""
"We like the product. Our problem is everything around the product."
"Nothing goes into production here without passing vendor risk, and vendor risk takes as long as it takes."
"Can you deploy this inside our data centre? That question will come up at every meeting."
"The finance team would use it tomorrow. Security needs another quarter, at least."
"We need this in writing, with a date, signed by someone senior."
"Our steering committee wants to see adoption, but people can't adopt what they can't log in to."
"Two thousand users, read-only, flat fee. That's the only model our budget process understands."
"To be honest, I think we expected a different kind of product."
""")

REGULATED_NEXT = lines("""
Send written responses to open security questions with roadmap dates where we have them.
Legal to respond to MSA redlines on liability and audit rights.
Provide full pentest report under additional NDA.
Prepare list of sub-processors with hosting regions for their DPO.
Pricing desk to model a flat-fee read-only licence for 2,000 users.
[start] Schedule SSO troubleshooting session with their identity team after CAB approval.
Share DR test evidence and RTO/RPO figures.
Agree exit criteria for the final pilot extension.
Prepare blocker summary with owners for their steering committee.
Complete vendor onboarding forms with our finance team.
Ask product leadership whether in-country hosting is on the 12-month roadmap.
[end] Send data destruction certificate template to their compliance office.
Internal: review whether to continue investing SE time in this pilot.
Provide VPAT / accessibility conformance report.
""")

AGENCY = {
    "Pricing discussion": lines("""
Call with the studio owner about price. Their 40% intro discount ends next month and full Starter price is hard for a three-person studio. They asked for a permanent agency discount. We don't have one; offered annual billing at a lower effective price, which they can't commit to.
Pricing conversation. They use invoicing and the payment reminders, nothing else. Asked if they could pay for "just invoicing". Explained the plans; they said they'd think about it, which usually means cancel.
They asked us to match a simpler invoicing tool's $15/month price. Friendly call, but the gap is big and they don't use the analytics that make up most of the value.
"""),
    "Check-in": lines("""
Check-in with a freelance designer who manages billing for four clients. They want a client switcher and white-label portal. Both are far from our roadmap. They're polite about it but clearly disappointed.
Check-in call turned into a support session: logo cut off on invoices, client invoice sent to the wrong client (user error with a shared contact), and questions about hourly billing for retainers.
Agency check-in. They want Tallywick to look like their own product to their clients: custom domain per client, their branding on the portal, client-facing dashboards. Explained what's possible (very little of it).
Quick check-in, the owner was on her phone between client meetings. Main ask: can someone just set everything up for them. Offered the standard onboarding session; she wanted done-for-you setup at no cost.
"""),
    "Escalation": lines("""
Escalation after several urgent tickets in one week. Their expectation is same-hour responses because their clients are waiting. Our SLA on Starter is one business day. Talked through realistic expectations; tone improved by the end.
Owner escalated because support didn't answer within a day on a "client is waiting" issue. The underlying question was how to do a one-off project invoice. Walked through it live.
Escalation about the "Powered by Tallywick" footer. They see it as advertising on their invoices. Explained that removing it is an Enterprise feature; they felt that was unreasonable for a tiny studio.
"""),
    "Cancellation call": lines("""
Cancellation call. They're moving to a simpler invoicing tool. Reasons: price after discount, no white-label, no multi-client support. They were kind about the product: "beautiful, just not for us".
Cancellation. The studio lost two retainer clients and can't justify the tool. Offered a pause; we don't really have one on Starter. Exported their data for them.
Cancellation call. They used Tallywick for five months, mostly invoices and reminders. Said the onboarding felt like it was written for a CFO.
"""),
}

AGENCY_POSITIVES = lines("""
They like how the invoices look and said clients pay faster with card links.
Payment reminders saved them some awkward conversations with late-paying clients.
They appreciated the patience of support even when the answer was no.
""")

AGENCY_CONCERNS = lines("""
Price after the intro discount is a big share of their monthly software budget.
No white-label option for portal, invoices or payment pages.
No multi-client management; each client would need its own workspace.
Hourly and retainer billing don't fit our plan/usage model.
Expect same-hour support responses; Starter SLA is one business day.
Want custom work (report templates, integrations, invoice redesign) at no or low cost.
Very high ticket volume relative to plan size.
Single admin who is also designer, account manager and bookkeeper; little time to learn the tool.
Don't use analytics (MRR, cohorts), which is most of the product's value.
Asked repeatedly about discounts, pauses and free extensions.
""")

AGENCY_QUOTES = lines("""
"It's gorgeous. I just need it to send invoices with my logo on them."
"My clients can't know I'm using someone else's tool."
"When a client's invoice is wrong, I need help now, not tomorrow."
"We're three people. Every subscription is a decision."
"I don't know what MRR is and honestly I don't need to."
"If the discount stays, we stay. It's that simple."
"Can your developers just build it for us? It's a small thing."
""")

AGENCY_NEXT = lines("""
Ask finance whether a one-time pause is possible on Starter.
Send the invoice template guide with logo size recommendations.
Check the partner directory listing that brought them in.
Follow up on the wrong-recipient invoice and confirm contact setup.
Send the annual-billing option with the effective monthly price.
Log white-label and multi-client requests (again) with the agency tag.
[end] Export invoices and customer data before cancellation date.
Share the one-off project invoice help article and a short video.
Confirm the logo fix with the support team.
Point them to the partner directory for agencies that offer setup services.
Remind them of the Starter support SLA and the community forum.
Internal: review agency acquisition through the partner directory.
""")

TRIAL = {
    "Onboarding attempt": lines("""
Onboarding call with a solo consultant who signed up through the launch promo. She doesn't use Stripe and bills five clients by bank transfer. We spent most of the call on what MRR means. Not a fit; suggested she might be better served by a simple invoicing app.
Tried to run the standard onboarding with a small nonprofit. They have no product catalog, no subscriptions, and one part-time bookkeeper. The setup wizard didn't make sense for them. Very friendly call.
Onboarding call, 20 minutes late start because the customer couldn't find the meeting link. Connected nothing in the end; they'll "try again on the weekend". Trial ends in four days.
"""),
    "Trial extension call": lines("""
Customer asked for a second trial extension. Hasn't connected any data source. Granted one more week as a courtesy; low expectations.
Call about extending the trial. The founder is comparing three tools and found ours the most complex. Asked whether there's a simple mode or a free tier. There isn't.
"""),
    "Cancellation call": lines("""
Cancellation after first charge. Signed up with a 50% promo code, never finished setup, asked for a refund. Refunded per policy.
Short cancellation call. They were looking for invoicing, not revenue analytics. Said the onboarding felt like "homework for accountants". No hard feelings on either side.
Cancelled two months in. Logged in three times total. Said they'd come back "when the business is bigger".
"""),
}

TRIAL_CONCERNS = lines("""
Never connected Stripe or any data source.
Signed up via promo code; price at full rate is out of their range.
Finds metric vocabulary (MRR, ARR, NRR) confusing.
Setup wizard assumes a product catalog and subscriptions they don't have.
Asked for multiple trial extensions and coupons.
Zero onboarding sessions attended.
""")

TRIAL_QUOTES = lines("""
"I thought it would just show me my revenue. Why is the dashboard empty?"
"Is there a free version? Even a limited one?"
"I'm sure it's great for bigger companies."
"I don't have a Stripe account. Do I need one?"
""")

TRIAL_NEXT = lines("""
Send the short list of what to connect first.
Check whether the coupon was applied correctly at checkout.
Offer one live setup session before the trial ends.
[end] Process refund and confirm cancellation.
[start] Send the two-minute getting-started video.
Extend trial by seven days, final extension.
Internal: review promo-code acquisition quality.
""")

ECOM = {
    "Onboarding kickoff": lines("""
Onboarding kickoff with an online candle shop that has a subscription box on the side. About 80% of their revenue is one-off orders. Explained that Tallywick focuses on recurring revenue; they were surprised.
Kickoff with a bike shop (physical store + online). Main questions: POS integration, inventory, daily sales reports. None of those are things we do. Agreed to focus on their service-plan subscriptions only.
Onboarding call with a small e-commerce team. They expected a Shopify connector and product variants. We spent the session on workarounds; they weren't enthusiastic.
"""),
    "How-to session": lines("""
How-to session requested by the owner. Questions covered: packing slips, gift cards, return labels, shipping by weight, skipping a month. We could help with the last one; the rest are outside the product.
Second how-to session this month. They keep asking reasonable shop questions (low stock alerts, wholesale price lists, barcode scanner) that the product doesn't address. Support load is high for their plan.
Walked the shop manager through creating products in bulk. 300+ SKUs with variants means hundreds of separate products in our model. She asked if there was a better way. There isn't.
"""),
    "Check-in": lines("""
Check-in with the co-owner. The subscription box billing works well and failed payments are recovered. Everything else (one-off orders, in-store sales) lives elsewhere, so our dashboards show a distorted picture.
Check-in. Their churn chart looks alarming because one-time buyers count as churned. Explained why; suggested excluding one-off products, which mostly fixed it.
Holiday-season check-in. They asked about Black Friday discounts for one-off purchases and gift subscriptions. Coupons work for subscriptions only; proposed a workaround with a fixed-term plan.
"""),
    "Cancellation call": lines("""
Cancellation. They realised Tallywick is built for software subscriptions. Friendly call; they'll keep using their e-commerce platform's built-in billing for the box.
Cancelled after six months. They liked the support team but spent too much time on workarounds for shipping, tax on physical goods and inventory.
Cancellation call with the owner. Main reason: revenue reports never matched their shop platform because only subscriptions are counted.
"""),
}

ECOM_POSITIVES = lines("""
Subscription box billing and failed-payment retries work well for them.
They appreciate how patient support has been with their questions.
Customers like the invoice emails and the self-service card update page.
""")

ECOM_CONCERNS = lines("""
No inventory tracking or low-stock alerts.
No POS integration for in-store sales.
No Shopify or marketplace sync; orders imported by hand.
Product variants (size/colour) require separate products.
One-off orders appear as churn in reports.
Shipping, packing slips and return labels not supported.
Sales tax for physical goods across states is confusing in our setup.
Frequent "how do I" tickets, mostly for features we don't have.
Seat pricing for shop assistants doesn't make sense for them.
""")

ECOM_QUOTES = lines("""
"We're a shop. Why does everything say MRR?"
"I just want to know what we sold today."
"Our customers buy a candle, not a subscription."
"Where do I put the shipping cost?"
"The box works great. It's everything else."
""")

ECOM_NEXT = lines("""
Send the article on excluding one-off products from churn.
Check whether their payment processor can handle in-store sales separately.
Follow up after the holiday season to see if the box subscriptions still fit.
Ask product whether variants are on the roadmap at all.
Offer a call with support to clean up duplicate products.
Internal: flag the e-commerce wording on the pricing page to marketing.
Exclude one-off products from churn and MRR reports.
Send workaround guide for skipping a month.
Log inventory and POS requests with the retail tag.
Share the fixed-term plan workaround for gift subscriptions.
[end] Confirm cancellation and send final invoice.
Point them to the CSV import guide for customers (products not supported).
""")
