"""Call-note fragments for good-fit customers, written by Tallywick's CSMs and AEs. Invented."""

from __future__ import annotations

from . import lines

SUMMARY = {
    "Quarterly business review": lines("""
Long QBR with the full finance team and, for the first time, their Head of Data. // Usage: 19 internal users, daily activity on the revenue dashboard and the MRR report, weekly on cohorts. They retired the last of their homegrown SQL reports in August. Finance estimates the close now takes three days instead of six, mostly thanks to the QuickBooks sync and automatic rev rec schedules. // Pain points: dashboard performance on Monday mornings, the invoice template editor (enterprise customers want PO numbers and cost centres in specific places), and the fact that credit notes land in the month issued rather than the original invoice month, which their controller dislikes. // Looking ahead: they're raising a round next year and want investor-grade NRR and GRR by segment. They also plan to introduce usage-based pricing for their API product in Q2, which would bring in the usage billing module. Their Head of Data wants the Snowflake share extended with the usage events table.
Reviewed Q3 usage. 14 active internal users, dashboards viewed daily by finance and weekly by the exec team. They now use the ARR waterfall in every board deck and stopped maintaining their own spreadsheet version.
Solid QBR. Their MRR grew 9% this quarter and they credit part of the faster close to the QuickBooks sync. Main topic was how to report usage revenue separately from seat revenue; walked through the product-level breakdown.
Customer is in good shape. Finance team of four, all active. They've started using cohorts to evaluate pricing changes from last spring and want to go deeper on segment analysis next quarter.
QBR with the CFO and RevOps lead. They're preparing a Series C and want investor-grade metrics. Good news: their definitions already match ours. They asked about audit-ready exports of the revenue schedule.
Went through their dunning performance: recovered roughly 61% of failed payments in the quarter, up from about 40% before Tallywick. They were happy to see it quantified.
The controller walked us through their close process. Tallywick covers invoicing and rev rec; the remaining manual step is mapping two legacy products in QuickBooks. Agreed to help clean that up.
Mostly a show-and-tell from their side: they built a churn-reason dashboard on top of our Snowflake export and showed it to us. Impressive work, we'd like to use it as a reference story.
Usage is steady but concentrated in two people. If their RevOps manager leaves, knowledge goes with her. Suggested training for two more team members.
They're consolidating two acquired companies into one Tallywick account. Multi-entity reporting works for them; the open question is how to present combined NRR for the board.
Reviewed the forecast report with their FP&A lead. They like it but want to adjust the churn assumption; logged as feature request and showed the manual override workaround.
Good quarter for them, 40 new logos. They asked whether our pricing scales with customer count or revenue, because they're approaching the Growth limit. Flagged to AE as likely upgrade.
QBR was short, customer said "no news is good news". Confirmed their key reports, checked user list, removed two people who left the company.
They're expanding into Europe next year and want to be ready for VAT, multi-currency and EU invoicing requirements. Walked through the setup and sent them the EU checklist.
Discussed their reporting cadence. Weekly MRR email to leadership, monthly board pack, quarterly investor update. All three now come from Tallywick.
"""),
    "Renewal call": lines("""
Renewal call with the CFO, controller and RevOps manager. Context: the Business price increase (12%) applies at their renewal next month, and the CFO had flagged it in advance. // We started with value: recovered failed payments (roughly $110k over the year), the shorter close, and the board reporting they now produce in an afternoon. The CFO agreed the value is there but said the increase lands in a year where every vendor is raising prices and he has to defend each one. // Options discussed: (1) hold the current price with a two-year term, (2) annual price with quarterly payments, (3) drop three unused internal seats. They chose a combination of 1 and 3. The controller asked again about NetSuite; they're moving in about a year and want a written roadmap statement before signing a two-year deal.
Renewal conversation with the VP Finance. They're renewing on Business for another year. The 12% list price increase came up; we agreed to hold this year's price in exchange for a two-year term.
Straightforward renewal. Customer happy, no competitive evaluation. They asked for two extra internal seats, added at no cost as a goodwill gesture.
Renewal is likely but not certain. New CFO joined in the summer and is reviewing all finance tools. She likes the reporting but wants a side-by-side cost comparison with their ERP's billing module.
They want to renew but asked to move from annual upfront to quarterly payments for cash-flow reasons. Checked with finance on our side; approved.
Renewal call went well. They will upgrade to Business for the warehouse export, which their data team has been asking for. Pricing agreed in principle, paperwork to follow.
Customer raised the support response time over the summer as a concern, otherwise positive. They'll renew but want a named support contact for escalations.
Multi-year renewal discussed. They are open to three years if we can lock the price and include SSO. AE to prepare the proposal.
They considered downgrading to Growth because they stopped using usage billing, but after reviewing what they'd lose (warehouse export, audit log retention) they decided to stay on Business.
Renewal call with procurement present for the first time. They asked for a standard vendor questionnaire, which we had ready. No price pushback beyond asking for the multi-year discount.
Budget is tight this year, they asked for a 10% reduction. Offered to remove unused seats instead, which got them most of the way there. Renewal expected next week.
"""),
    "Onboarding kickoff": lines("""
Kickoff with the finance and engineering leads. They want to be live before their fiscal year starts in 8 weeks. Plan: Stripe sync in week 1, QuickBooks mapping week 2-3, historical import week 3, dunning and portal week 4-5.
Onboarding kickoff went smoothly. Clean Stripe data, one product catalog, annual and monthly plans. This should be one of the easier implementations.
They are migrating from a spreadsheet-plus-scripts setup. Historical data goes back to 2019 with some messy plan names. We'll need a mapping session for legacy plans before the import.
Kickoff with a very organised team. They had already read the docs and came with specific questions about proration and credit notes. Aim to go live in four weeks.
Their usage-based pricing means engineering needs to send meter events. Their engineer is experienced with our API style; estimated two sprints of work on their side.
Kickoff call. Key stakeholders: controller (owner), RevOps manager (day-to-day), one backend engineer for the seat sync. Main success metric for them: close the books in 3 days instead of 7.
They came from a competitor and want their MRR history to match exactly what they reported to investors. Agreed to a reconciliation step before go-live.
They have two Stripe accounts (US and EU entities). Agreed to set up multi-entity from day one rather than retrofit it later.
"""),
    "Expansion discussion": lines("""
They want to add the warehouse export and 10 more internal users as their analytics team grows. Interested in Business plan. Sent pricing; decision expected within the month.
Customer is launching a usage-based add-on and wants to bill it through Tallywick. Scoped the meter setup; they'll need the usage billing module, which is an upsell.
Discussed rolling out Tallywick to their newly acquired company (about 150 customers on a separate Stripe account). Expansion of roughly 30% on current contract.
They asked about SSO and SCIM for their growing team; IT wants central provisioning. Explained Enterprise plan differences; they'll evaluate at renewal.
Their sales team wants expansion MRR per account owner for commission calculations. Demoed the Salesforce sync with owner mapping; they want it for all 25 reps.
Exploring the forecasting add-on for their annual planning. Their FP&A lead was impressed by the scenario view and wants a trial on real data.
Customer is opening a UK entity and needs GBP billing and UK VAT. Small expansion in scope but good sign of growth.
"""),
    "Exit interview": lines("""
Customer is leaving after their acquisition: the parent company runs everything on its own ERP billing module. They were complimentary about the product and said they'd recommend us.
Churn conversation. They are consolidating onto NetSuite's native billing to reduce tool count. Main reason was cost, not product quality. Lack of NetSuite integration made it harder to justify two systems.
They're winding down the product line that used Tallywick. Nothing we could have done. Offered to keep historical data available read-only for 90 days.
Exit call. They moved to a competitor that bundled billing with their payment processor at a lower price. They said our reporting was better but the bundle was hard to say no to.
Customer cancelled after budget cuts and a hiring freeze. The finance team shrank from five to two and they're going back to Stripe's built-in reports.
Exit interview with the head of finance. Frustrated by sync issues during two consecutive quarter closes. Felt support was responsive but fixes took too long.
"""),
    "Escalation review": lines("""
Escalation review after the wrong-currency invoice run for their Canadian customers. 23 invoices went out in USD, nine with US sales tax. // Root cause on our side: a new CAD price created through the API inherited the default currency of the product instead of the price, and the tax engine followed the billing currency. Engineering shipped a fix on Wednesday and added a validation that blocks mismatched currency and price. // Customer impact: confused end customers, 23 voided and reissued invoices, and a paused invoice run that delayed about $60k in collections by four days. Their VP Finance was direct but fair; she mostly wanted to know it can't happen again. // We offered a service credit and a written post-mortem. They accepted both and asked to be included in the beta for the new pre-send invoice review.
Escalation call after the duplicated invoice.paid webhooks. Explained root cause (retry after a timeout on our side) and the fix. Customer accepted the explanation but asked for a written post-mortem.
Reviewed the MRR drop incident with their controller. Paused subscriptions were wrongly treated as cancellations for about 36 hours. Data corrected, customer relieved but wants to be notified proactively next time.
Escalation about the invoice numbering reset after a template change. Fixed in their account; they still need to reissue four invoices. Offered a service credit.
The QuickBooks sync misposted 58 invoice lines to the wrong income account. We re-synced them together on the call. They were calm about it but it cost them a day of close.
Customer escalated slow support responses through their exec sponsor. Reviewed their last five tickets: two slipped past SLA. Apologised, assigned a named support lead.
Call about the Snowflake share missing the subscriptions table after our schema change. Restored within the day. They asked for advance notice of schema changes in future.
"""),
    "Check-in": lines("""
Quick check-in. All good. They asked about the new fiscal-year setting and whether it applies to historical charts (it does).
Short call, customer wanted a refresher on credit notes for their new accountant. Shared the help article and recorded a 10-minute walkthrough.
Check-in with the RevOps manager. Nothing urgent; she mentioned they might need a second currency next year.
Informal check-in after go-live. First month-end close on Tallywick went fine, took about four days including some learning.
Routine check-in. They're happy, usage is healthy, no open tickets. Talked briefly about their plans for a pricing change in spring.
"""),
}

STARTUP_SUMMARY = lines("""
Founder-led call. They're 18 people, growing fast (MRR roughly doubled in six months). Setup is clean and self-serve; they mostly wanted advice on metric definitions for their Series A data room.
Check-in with the CEO and their first finance hire. They're moving from monthly-only to annual plans and want to see the impact on cash vs. MRR. Very engaged, great fit for a case study.
Small team, big ambitions. They asked about Business features (warehouse export, SSO) ahead of a growth spurt. No pressure to sell now; they'll upgrade when they need it.
Startup customer on Growth, referred by another customer. Onboarded themselves in a week, zero support tickets so far. Call was mostly them sharing product feedback on the cohort chart.
""")

POSITIVES = lines("""
Dashboards are now part of the weekly leadership meeting.
The dunning changes increased recovered revenue; they estimate around $9k a month.
Month-end close is down from seven days to three.
Finance and sales finally agree on one MRR number.
Their auditors accepted the revenue schedule export without additional requests this year.
The Snowflake export lets their data team join billing with product usage for churn prediction.
Support has been quick on their recent tickets and they mentioned Ravi by name.
Usage billing is running smoothly; no invoice disputes since launch.
The board liked the new ARR waterfall and NRR charts.
Multi-currency reporting saved them from a manual FX spreadsheet.
The customer portal cut billing-related emails to their team by roughly half.
Onboarding of their new accountant took one afternoon thanks to the help center.
They use cohorts to evaluate pricing experiments and it's changing how they think about discounts.
Their engineers described the API as "boring in a good way".
They consider us a core finance system now, alongside their ERP and CRM.
Salesforce sync means AEs see renewal dates and contract value without asking finance.
Scheduled reports removed a weekly manual task from the RevOps team.
They've had no failed syncs since the connector update in spring.
Expansion revenue attribution helped them redesign the customer success compensation plan.
They referred a peer company last quarter and would do it again.
Their CFO said Tallywick is the tool she'd miss most if it disappeared.
Audit log helped them track down an unapproved price change.
Forecasting is now the starting point for their annual planning.
Clean renewal pipeline visibility for the first time.
""")

CONCERNS = lines("""
Price increase at renewal will need CFO sign-off; they want to understand what they get for it.
Dashboard performance is slow for them (30+ seconds on the revenue dashboard). Logged with engineering.
They want NetSuite integration within 12 months or they'll need middleware.
Support response times slipped over the summer; they noticed.
Invoice template customization is too limited for some of their enterprise customers' AP requirements.
Knowledge is concentrated in one person on their side. Key-person risk.
They'd like saved report views; rebuilding filters every week is annoying.
Forecast assumptions are not adjustable enough for their FP&A team.
Xero sync duplicated payments once; bookkeeper now double-checks everything.
API rate limits on Business are tight for their nightly jobs.
The exports time out for full-year ranges; they work around it by exporting quarters.
Merging duplicate customers after CRM imports is manual and slow.
They'd like SCIM on Business rather than Enterprise only.
Credit notes are reported in the month issued; their controller prefers the original invoice month.
Notification emails are noisy.
Legacy plans clutter their plan breakdown charts.
Their new CFO is evaluating tool consolidation; we need to show value clearly.
Dunning emails sound too generic for their enterprise customers.
Fiscal-year support doesn't cover every chart yet.
A UI change moved the export button and confused two of their users.
They had a bad experience with the invoice numbering bug and still bring it up.
Want better handling of multi-year ramped contracts.
Concerned about how we handle paused subscriptions after the MRR incident.
Sales reps see too much in the invoice list; permissions need tightening.
""")

QUOTES = lines("""
"I used to spend the first week of every month reconciling. Now I spend a morning."
"Our board stopped asking where the numbers come from. That alone is worth it."
"Honestly, I'd rather lose my CRM than lose Tallywick."
"It's the only finance tool our engineers don't complain about."
"We trust the MRR number now. Before, it was whichever spreadsheet was open."
"The price went up, the value went up too. I can defend it."
"Just please don't move the export button again."
"Our investors commented on how clean the retention charts were."
"If you get NetSuite working, we're customers for life."
"Support used to answer in an hour. Lately it's a day. Don't lose that."
"I showed the cohort chart to our CEO and he finally understood why discounts hurt us."
"It runs in the background and I forget it's there, which is the highest compliment I can give software."
"We're growing and I don't want to think about billing again for two years."
"The forecast is useful, I just need to be able to argue with it."
"Dunning paid for the whole subscription in the first quarter."
"Can we get a dark mode? Kidding. Mostly."
"When something breaks, you tell us before we notice. Keep doing that."
"It's not cheap, but the alternative is hiring another analyst."
""")

NEXT_STEPS = lines("""
Send the EU VAT setup checklist.
Log feature request: saved report views.
[renewal] AE to prepare two-year renewal proposal with price lock.
Schedule training for two additional finance users.
Share the post-mortem for the webhook incident.
Follow up with engineering on dashboard performance.
Intro their FP&A lead to the forecasting beta.
Send updated SOC 2 report under NDA.
Check in again after their month-end close.
Share NetSuite integration roadmap update when available.
Help map the two legacy products in QuickBooks.
[start] Set up the fiscal-year setting together next week.
Add them to the customer advisory board invite list.
[renewal] Review seat usage and remove inactive users before renewal.
Draft a case study outline and ask for approval.
Book a 30-minute session on credit notes for their new accountant.
[renewal] Confirm quarterly payment terms with our finance team.
[renewal] Send pricing for the warehouse export add-on.
Open ticket for the duplicated Xero payments.
Ask product about SCIM availability on Business.
Record a short Loom on the ARR waterfall export workaround.
Set up multi-entity reporting for the UK entity.
Invite them to the usage billing webinar.
Share reference customer contact for their peer company.
[start] Schedule the reconciliation session before go-live.
Send the dunning email template examples.
Escalate support SLA miss internally.
[renewal] Prepare a value summary for the new CFO.
Enable the Salesforce owner mapping for all reps.
Follow up on the service credit for the numbering incident.
[start] Provide the historical import template and mapping sheet.
Review forecast assumption overrides with FP&A.
[start] Confirm go-live date with their controller.
Send recording and slides from today.
Check whether paused subscriptions are now handled correctly in their account.
[end] Offer read-only access to historical data for 90 days after cancellation.
Ask for permission to quote the CFO in our newsletter.
Set reminder for renewal conversation 90 days before term end.
""")

HEALTH = ["green", "green", "green", "green", "yellow", "yellow", "red"]
