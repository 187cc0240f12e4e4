"""Support tickets from good-fit customers (mid-market B2B software companies). Hand-written, invented."""

from __future__ import annotations

from . import items, lines

PRIMARY = items("""
Stripe sync stuck on "in progress" since this morning | stripe_sync sync_delay
Hi team, our Stripe sync has been showing "in progress" since roughly 7am CET and the revenue dashboard still shows yesterday's numbers. Nothing changed on our side as far as I know. Could someone take a look? We have a board prep meeting on Thursday so it's not on fire yet, but close.
%%
MRR in Tallywick doesn't match Stripe for March | mrr_report data_discrepancy
We're seeing a gap of about $3,140 between the March MRR in your MRR report and what our Stripe dashboard says. I exported both and the difference seems to be two customers on quarterly plans, which you appear to spread across three months while Stripe shows them in the month they were billed. Is that expected? If so, where do I document that for our auditors?
%%
How do you define churned MRR vs contraction? | mrr_report question
Quick question before I present to our leadership team: if a customer downgrades from 40 seats to 12 and then cancels the following month, does Tallywick count that as contraction first and then churn, or is the whole thing churn? I want to make sure I'm explaining the waterfall chart correctly.
%%
QuickBooks sync mapped invoices to the wrong income account | quickbooks_sync accounting
After we added the new "Platform fee" product last week, every invoice line for it landed in "Consulting Income" in QuickBooks instead of "Subscription Revenue". I checked the mapping screen and it looks right now, but 58 invoices already went through. Is there a way to re-sync just those, or do we need to fix them by hand in QBO?
%%
Dunning emails going out in English to our German customers | dunning localization
Our German customers are getting the payment-failed reminders in English even though their billing locale is set to de-DE. The invoice PDFs are correctly in German, so it's only the dunning emails. One customer replied quite annoyed. Can you check whether the email templates respect locale?
%%
Can we pause dunning for one customer? | dunning question
One of our larger customers is switching banks and asked us not to hammer them with retry emails for two weeks. Is there a way to pause dunning for just that account without turning off the whole dunning sequence? I couldn't find it in the customer settings.
%%
Revenue dashboard very slow to load | performance dashboard
The revenue dashboard takes 40-50 seconds to load for me since Monday, and sometimes times out entirely. The other reports are fine. We have about 2,300 active subscriptions so nothing crazy. Tried Chrome and Firefox, same thing. Anything I can do on my end?
%%
Question about proration when adding seats mid-cycle | seats proration billing
If a customer on annual billing adds 5 seats in month 4, does Tallywick invoice the prorated amount immediately or add it to the next renewal invoice? Our sales team promised a customer "you'll only pay for what you use from today" and I'd like to confirm that's actually what happens before they get an invoice.
%%
API returning 429 during our nightly export | api rate_limits
Our nightly job that pulls invoices through the API started getting 429 Too Many Requests around invoice 4,000 or so. We're paginating with 100 per page and waiting 200ms between calls. What's the actual limit on the Business plan? Happy to throttle further but I'd like a number instead of guessing.
%%
Webhook for invoice.paid fired twice | webhooks api bug
We received two invoice.paid webhooks for the same invoice (INV-20931) about 3 seconds apart, with different event IDs. Our system credited the customer twice. We'll add idempotency on our side obviously, but is this a known issue? Event IDs are in the attached log.
%%
CSV export has broken characters in customer names | exports encoding
When I export the customer list to CSV and open it in Excel, names like "Müller" and "Søren" come out as garbage characters. Is there an option to export with UTF-8 BOM or as XLSX? Our finance team lives in Excel so this matters more than it should.
%%
Need help setting up usage-based billing for API calls | usage_billing setup
We're moving part of our pricing to usage-based (per 1,000 API calls above an included tier). I've read the docs on meters but I'm not sure whether we should send usage events in real time or a daily aggregate. What do most customers do? Our volume is around 2 million calls a month across ~400 customers.
%%
SSO login loop with Okta | sso login
Since we switched on SSO with Okta yesterday, three of our users get stuck in a redirect loop between Okta and the Tallywick login page. Everyone else is fine. The three affected users all had existing password logins before we turned SSO on, if that helps.
%%
Credit note not reflected in revenue report | credit_notes mrr_report
I issued a credit note for $1,200 against an invoice from January, but the revenue report for January still shows the full amount. Is the credit applied in the month it was issued instead of the original invoice month? Either is fine, I just need to know which so our numbers reconcile.
%%
Invoice numbering reset after template change | invoices bug
We changed our invoice template yesterday and the invoice numbers restarted at INV-0001. Our accountant is very unhappy because we now have duplicate numbers for last year. Please tell me there is a way to set the next number manually.
%%
Request: export of ARR waterfall as a table | feature_request exports
The ARR waterfall chart is great for the board deck but our CFO wants the underlying numbers in a table (new, expansion, contraction, churn per month). Right now I'm reading values off the chart tooltips, which is not a great use of anyone's time. Is there an export I'm missing?
%%
Multi-currency: which FX rate do you use? | multi_currency reporting
We bill in USD, EUR and GBP. In the MRR report everything is converted to USD, but I can't find which exchange rate you use or on which date. Our auditors asked. Is it the rate at invoice date, or a monthly average? Can we pick our own?
%%
Seats counted wrong after user deactivation | seats bug
We deactivated 6 users in our own product and pushed the new seat count through the API, but the customer's subscription in Tallywick still shows 30 seats instead of 24. The API call returned 200. Did I use the wrong endpoint?
%%
Cohort chart missing customers from 2022 | cohorts reporting
The retention cohort chart starts at January 2023 for us. We imported our history back to 2021 when we onboarded. Is there a limit on how far back cohorts go, or did something go wrong with our import?
%%
How to bill a one-time implementation fee | invoices question
We started charging new customers a one-time onboarding fee of $2,500. What's the cleanest way to add that to the first invoice without it showing up in MRR? I don't want our MRR jumping every time we sign a deal.
%%
ACH payments stuck in pending for 6 days | payments ach
Three ACH payments from customers have been "pending" in Tallywick for 6 business days. In Stripe they show as succeeded on day 3. Is the status just not updating on your end? Our collections person keeps chasing people who already paid, which is embarrassing.
%%
Thank you to Ravi for the quick fix | praise support
Not a problem, just wanted to say thanks to Ravi who sorted out our tax rate mapping yesterday within an hour. We were dreading that one. Great support as always.
%%
NetSuite integration - is it on the roadmap? | feature_request integrations netsuite
We're planning to move from QuickBooks to NetSuite next year as we grow. Before we commit, is a native NetSuite sync something you're building? If not, what are other customers doing, a middleware tool or your API?
%%
Can't add a new user - "seat limit reached" | seats users
Trying to invite our new financial analyst and get "seat limit reached". We're on Business which I thought had 15 internal users and we have 11. Are deactivated users still counted?
%%
Revenue recognition schedule for annual prepaid plans | revenue_recognition question
For annual prepaid contracts, does Tallywick generate a monthly deferred revenue schedule automatically? I see the deferred revenue report but I'm not sure it handles mid-term upgrades correctly. Example: customer pays $24k upfront in Feb, upgrades in July with a prorated $6k. What should the schedule look like?
%%
Failed payment retry schedule - can we customise? | dunning payments
Our retries currently go day 1, 3, 7. We'd like to try day 1, 4, 9, 14 because a lot of our customers get paid mid-month. Is the schedule configurable per plan or only globally?
%%
Tax ID field missing on EU invoices | invoices tax
EU customers need their VAT number on the invoice for reverse charge. The field is stored on the customer record but it doesn't print on the PDF. Our Dutch customers are refusing to pay until it's fixed, which is fair.
%%
Duplicate customers after HubSpot import | hubspot data_quality
We imported contacts from HubSpot and now a bunch of our customers appear twice: once from the Stripe sync and once from HubSpot. Is there a merge feature? I found about 90 duplicates so doing it manually is possible but painful.
%%
Dashboard shows NRR 187% which can't be right | nrr reporting data_discrepancy
Our net revenue retention on the dashboard jumped to 187% this month. We had a good month but not that good. I think a large customer who churned and re-signed under a new subscription is being treated as expansion. Could you help me understand how NRR is calculated there?
%%
Question on the price increase email | pricing renewal
We received an email that Business plan pricing goes up 12% at our renewal in September. Is that applied to our current contract terms or only to new seats? I need to get this into next year's budget, so a precise answer would help.
%%
Sandbox environment for testing new pricing | sandbox feature_request
We want to test a new pricing model (tiered seats + usage) before rolling it out. Is there a sandbox or test mode where we can create fake subscriptions and see how invoices and MRR would look without touching production data?
%%
Audit log: who changed the plan price? | audit_log permissions
Someone changed the list price on our "Team" plan last Friday and nobody is admitting to it :) Is there an audit log that shows which user edited it? We are on Business.
%%
Scheduled report email arrives empty | scheduled_reports bug
The weekly MRR summary email that goes to our leadership team arrived with all the charts empty this Monday. The link in the email works and shows the data fine. It's happened twice now.
%%
Snowflake export missing the subscriptions table | data_warehouse exports
Our Snowflake share has invoices, customers and payments but no subscriptions table since last Tuesday. Our finance models depend on it. Is this related to the schema change mentioned in the changelog?
%%
Role permissions: read-only access for board member | permissions users
Our board observer wants to look at the revenue dashboard directly. Can I give someone read-only access to dashboards without letting them see individual customer invoices? Couldn't figure out the right role combination.
%%
Invoice PDF logo looks blurry | invoices branding
The logo on our invoice PDFs looks pixelated. I uploaded a 1200px PNG. Is there a recommended size or can we upload an SVG?
%%
Trial-to-paid conversion report shows 0% | reporting trials
The trial conversion report says 0% for last month but we definitely converted trials, I can see the new subscriptions. Do trials need to be tagged in a specific way for the report to pick them up?
%%
Help with migrating coupons from Stripe | migration coupons
We have around 40 active coupons in Stripe, some with durations like "3 months 20% off". When we sync, do those come across with their remaining duration, or do we need to recreate them in Tallywick?
%%
Mid-term downgrade created a negative invoice | invoices downgrade
A customer downgraded mid-term and Tallywick generated an invoice for -$812. We don't want to refund cash, we want a credit on their next invoice. Is there a setting for that? The customer is confused by a negative invoice.
%%
Two-factor codes not arriving by SMS | 2fa login
Two of our team members in Brazil aren't receiving 2FA codes by SMS. Is there an authenticator app option? Would prefer that anyway.
%%
Can the MRR report exclude one-off charges? | mrr_report question
Our MRR report includes some one-off professional services charges and it inflates the number. Is there a way to mark certain products as non-recurring so they're excluded?
%%
Customer portal link expired too quickly | customer_portal
Customers click the "update payment method" link in the dunning email a day or two later and get "link expired". How long are those links valid? Can we extend it to 7 days?
%%
bulk update of billing contacts | bulk_edit feature_request
is there any way to bulk update billing contact emails? we changed our CSV with 300 customers and I really don't want to click through each one. api is an option but I'm not a developer
%%
Reporting on expansion by sales rep | reporting feature_request
Our VP Sales wants to see expansion MRR broken down by account owner. We sync owner from Salesforce. Is there a way to group the expansion report by a custom field?
%%
Payment method update page not mobile friendly | customer_portal ux
A few customers told us the hosted "update card" page is hard to use on a phone, the card field is cut off on smaller screens. Screenshot attached from an iPhone SE.
%%
Salesforce sync overwrote our contract end dates | salesforce_sync bug
After enabling the Salesforce sync, contract end dates in Salesforce were overwritten with the subscription renewal dates from Tallywick. For multi-year deals those are not the same thing. Can the sync be made one-directional for that field?
%%
Deferred revenue report doesn't tie to our GL | revenue_recognition accounting
The deferred revenue balance in Tallywick is off from our general ledger by about $18k at quarter end. I suspect it's the invoices we voided and reissued. Can someone from your team walk through it with our controller? Happy to book a call.
%%
Is there an annual summary per customer? | reporting question
Some customers ask for a statement of everything they paid in the year (for their own audits). Is there a customer statement report I can send, or do I build it from the invoice export?
%%
Refund not appearing in churn analysis | refunds reporting
We refunded a customer in full after they cancelled within the first week. They still show up as a churned customer with full MRR in the churn analysis. Shouldn't a full refund remove them from MRR history?
%%
Invoice emails landing in spam | email_deliverability invoices
A few of our customers say invoice emails go to spam. Can we send invoices from our own domain? I saw something about DKIM in the settings but it's greyed out.
%%
Plan change applied to wrong subscription | bug subscriptions
Our account manager upgraded customer "Delta Freight" from Growth to Pro, but the change got applied to their second subscription (the add-on one) instead of the main one. Now they got an invoice for the wrong thing. Can this be reverted cleanly?
%%
Quick q: can we show prices excluding tax on invoices? | invoices tax question
For B2B customers in Australia we need prices shown ex-GST with GST as a separate line. Currently the invoice shows the gross price per line. Is there a setting?
%%
Forecast report assumptions | forecast reporting question
The new forecast report projects our MRR 6 months out. What assumptions does it use for churn and expansion, trailing 3 months? 12? I'd love to tweak them before showing it to our investors because right now it's more optimistic than I'm comfortable with.
%%
Stripe account disconnected on its own | stripe_sync integrations
Got an alert that our Stripe connection was revoked. Nobody on our team did that. Reconnecting seems to work, but I'd like to know why it happened so it doesn't happen during month-end close.
%%
Annual invoice sent a month early | invoices renewal bug
A customer with renewal on June 1 received their annual invoice on May 1. Their procurement team is asking why. Do renewals invoice 30 days in advance by default? If so, where can I change that?
%%
how do I add a PO number to invoices | invoices question
Customer needs their PO number on each invoice or their AP team won't pay. Where do I put it? Tried the notes field but that seems hacky.
%%
Exports time out for full year | exports performance
Exporting invoices for the full year 2024 times out after a couple of minutes. Exporting by quarter works. Not a huge deal but a full-year export would be nice for the auditors.
%%
Churn reason tags | churn feature_request
We'd love to record why customers cancel (price, switched to competitor, shut down...) and then see churned MRR by reason. Is there anything like this? Right now we track it in a spreadsheet next to Tallywick.
%%
Xero sync duplicates payments | xero_sync accounting bug
Every payment from the last week appears twice in Xero, once as a payment and once as a bank deposit match. Our bookkeeper noticed when reconciling. Disabled the sync for now.
%%
API docs example is outdated | api docs
The example for creating a subscription with a trial in your API reference uses `trial_days` but the API actually wants `trial_period_days`. Took me an hour to figure out. Small thing but maybe worth fixing.
%%
Custom fields in invoice template | invoices customization
We'd like to show the customer's cost center (custom field we already sync from HubSpot) on the invoice PDF. Can custom fields be used in templates?
%%
Response time on last ticket | support feedback
Not trying to complain too much, but my last ticket about the Xero sync took three days to get a first response. We're on Business and I thought the SLA was one business day. Has something changed?
%%
Report filters reset every time | ux reporting
Every time I go back to the MRR report, my filters (region = EMEA, plan = Growth) are gone. Could you remember the last filters or let me save a view?
%%
SCIM provisioning with Azure AD | sso scim
We're rolling out Azure AD and our IT team wants to provision Tallywick users via SCIM. Is SCIM available on the Business plan or only Enterprise? If Enterprise only, what's the price difference roughly?
%%
Dunning sequence for annual invoices paid by bank transfer | dunning payments
Customers who pay annual invoices by bank transfer get the same card-failure dunning emails which mention "your card was declined". That's confusing them. Can we have a different sequence for invoices with manual payment terms?
%%
Board report: can we change fiscal year start? | reporting fiscal_year
Our fiscal year starts in February. The annual views in the dashboard all use calendar years. Is there a setting for fiscal year? Our board pack needs FY numbers.
%%
Customer cancelled but still being invoiced | subscriptions cancellation bug
We cancelled a customer's subscription effective end of term on the 14th. They were invoiced again on the 15th. We refunded them, but they're now a little suspicious of us. What happened?
%%
Usage events rejected with timestamp error | usage_billing api
We're sending usage events with timestamps in UTC ISO format and about 2% get rejected with "timestamp out of range". They're all from the last hour of the billing period. Is there a cut-off before period close?
%%
Hi! New finance lead here - where to start? | onboarding question
Hi! I just joined as finance lead and inherited our Tallywick setup from the person before me. Is there a good starting point, like a checklist of what should be configured? I can see a lot of custom stuff and I don't know what's intentional.
%%
Downgrade request for next renewal | plan_change renewal
We'd like to move from Business to Growth at our renewal in November since we no longer need the warehouse export. What's the process and is there any notice period?
%%
Chart colors in dashboard | ux feature_request
Minor one: in the revenue breakdown chart, "expansion" and "reactivation" use almost the same shade of green. Hard to tell apart in a screenshot. Could one of them be different?
%%
Data retention question from our security team | security question
Our security team is doing their annual vendor review. They asked how long you keep deleted customer data and whether backups are encrypted. Is there a trust page or a standard document I can forward to them?
%%
Invoices for EU customers need to be in EUR only | multi_currency invoices
We have a customer in Spain who is set to EUR but their invoice shows the amount in USD in small print at the bottom. Their finance team rejected it. Can that secondary currency line be turned off?
%%
Import historical subscriptions from spreadsheet | migration import
We just acquired a small company and want to bring their ~120 customers into Tallywick with their billing history. They used spreadsheets, no Stripe. Is there an import template we can fill in?
%%
Hosted checkout page - custom domain | checkout customization
Can the hosted checkout page live on billing.ourcompany.com instead of your domain? Some prospects hesitate when they see a different domain at the payment step.
%%
MRR dropped by 30k overnight?? | mrr_report data_discrepancy urgent
Our MRR dropped by roughly $30k overnight according to the dashboard. Nothing churned that I know of. Could this be the Stripe sync treating paused subscriptions as cancelled? We paused two large customers yesterday for a migration.
%%
API key rotation | api security
What's the recommended way to rotate API keys without downtime? Can two keys be active at the same time for a short overlap?
%%
Add discount that expires after 6 months | coupons billing question
Sales negotiated 15% off for the first 6 months for a new customer. I want the discount to drop off automatically. Is that a coupon with a duration, or something on the subscription itself?
%%
Customer can't download their invoices | customer_portal bug
A customer reports that the "Download all invoices" button in the customer portal does nothing. Tested myself in their portal view and same. Single invoice downloads work.
%%
Tax rate changed in one state, how to update? | tax invoices
Tax rate for one of the states we collect in changed on January 1. Do we need to update that manually or does Tallywick pick it up from the tax provider? A few invoices already went out with the old rate.
%%
Would love a dark mode | feature_request ux
Total nitpick, I spend half my day in the revenue dashboards and a dark mode would be lovely. Not urgent at all!
%%
Can't reconcile Stripe fees | stripe_sync accounting
The payments report shows gross amounts. For reconciliation we need Stripe fees as a separate column. Is that data available anywhere in Tallywick?
%%
Wrong renewal date after contract amendment | subscriptions renewal
We amended a contract to extend the term by 3 months (to align with the customer's fiscal year). The renewal date in Tallywick didn't move. Which field do I need to edit?
%%
Legacy plan customers in reports | reporting plans
We have about 60 customers on legacy plans we no longer sell. Could we group them into one "Legacy" bucket in the plan breakdown chart? Right now there are 14 tiny slices.
%%
Enterprise customers want invoices via their supplier portal | invoices enterprise
Two of our bigger customers require invoices to be uploaded to their supplier portals (Coupa and Ariba). Do you have any integration, or at least a way to get the invoice as XML?
%%
Permissions: sales team sees all invoices | permissions
Our sales reps can see every invoice, including amounts for customers that aren't theirs. Can we limit them to their own accounts?
%%
Metered billing: customer disputes usage | usage_billing disputes
A customer disputes their usage charges for February. Is there a way to show them the raw usage events behind the invoice line, ideally a CSV they can download?
%%
Onboarding session follow-up | onboarding
Thanks for the onboarding session yesterday, Hanna. Two follow-ups from our side: (1) can you send the recording, and (2) we realised our annual plans in Stripe use a different price ID per currency - does that change anything in how we set up the product catalog?
%%
Login email going to wrong address | login users
I changed my email in the profile settings but magic link emails still go to my old address, which I no longer have access to after our domain change. Can you update it from your side?
%%
Change of billing owner on our own Tallywick account | account billing
Our CFO is leaving. Please move billing ownership of our Tallywick subscription to me. What do you need from us to confirm?
%%
Growth chart shows gaps for February | dashboard bug
The monthly growth chart has no bar for February this year, only January and March. Data is there in the MRR report. Possibly because February has 28 days?
%%
Question about SOC 2 report | security compliance
A prospect of ours asks which vendors touch their billing data. Can we get your SOC 2 Type II report under NDA to include in our own security package?
%%
Customer segment filter on churn report | reporting feature_request
Would it be possible to filter the churn report by a customer segment we define, e.g. customers with more than 50 seats? We track that as a custom field already.
%%
Payment links in invoice emails | invoices payments
Can invoice emails include a "pay now" link that goes straight to card payment? Right now customers have to log in to the portal first, and some just don't.
%%
Help: mapping of Stripe products after rename | stripe_sync catalog
We renamed our products in Stripe (Pro → Scale). Now Tallywick shows both "Pro" and "Scale" as separate products and splits the MRR. How do we merge the history?
%%
Rounding differences on invoices in JPY | multi_currency invoices bug
For Japanese customers, invoice totals show decimals (¥12,345.67) which doesn't make sense for yen. Could you round JPY to whole numbers?
%%
Reactivation counted as new customer | mrr_report
A customer who churned in 2023 came back this month. The dashboard shows them as a new customer instead of a reactivation. Is there a way to link the old and new records?
%%
Let us know when the Xero bug is fixed | xero_sync followup
Following up on the Xero sync issue from last week. Our bookkeeper has paused reconciliation until we hear back. Any ETA?
%%
Wire transfer details on invoice | invoices payments
Could we add our bank details (IBAN/SWIFT) to invoices only for customers who pay by wire? Showing them to card customers confuses people.
%%
Question about limits on the Growth plan | plans pricing question
We're at 480 active subscriptions on Growth. I think the limit is 500? What happens when we go over: does anything stop working, or do you just upgrade us?
""")

# Second/third paragraphs good-fit customers add to a ticket.
EXTRA = lines("""
Also, unrelated: is there a keyboard shortcut to jump between reports? I keep reaching for one.
Not urgent, but we close the month on the 5th so sooner is better.
I attached a screenshot of what I'm seeing.
If it's easier to discuss on a call, I'm free most afternoons this week.
For context, this started after we connected our second Stripe account (EU entity).
We've been happy with Tallywick overall, this is just one rough edge.
Our auditors are on site next week, so I'd like to have an answer before then if possible.
Also - the link to the help article about this returns a 404.
Side note: the new changelog page is great, thanks for that.
I checked the status page and it says all systems operational, so probably something specific to our account?
Tagging our controller, Beatriz, in case you need access approvals from our side.
Let me know if you need our account ID or anything else.
We're on the Business plan, in case that matters for which features apply.
Happy to test a fix in our account if you have something.
Thanks in advance, and sorry if this is covered in the docs somewhere, I looked.
P.S. The onboarding docs were really useful when we set this up last year.
This is blocking our month-end close, so please treat it as high priority.
Not sure if this is a bug or me misunderstanding the feature, either way would appreciate guidance.
Same thing happened back in October and it fixed itself after a day, but I'd rather understand the cause this time.
We tried clearing cache, different browser, and incognito. Same result.
Our engineering team says nothing changed in how we call the API.
FYI our CEO looks at this dashboard every Monday morning, so it's visible internally.
Would it help if I shared the export file? It has customer names though, so I'd prefer a secure upload link.
Any workaround in the meantime would be very welcome.
Follow-up: I found two more examples, invoices INV-4471 and INV-4490.
Could you also confirm whether this affects historical reports or only new data?
edit: it seems to happen only for customers created after the 12th.
Thanks again for the quick help last time, your team has been great.
We'd also be interested in a beta if you're working on something in this area.
No rush on the feature request part, the bug is the important bit.
""")

# Long tickets: several problems in one message.
PRIMARY += items("""
Several issues after the v3 migration - please read in full | migration bug data_discrepancy
Hi, we migrated to the new data model over the weekend as recommended in your email, and a few things look off. I'll list them so you can route them properly.

1) The MRR report for January now shows $412k, it used to show $398k. Nothing else changed. My guess is the annual plans with a mid-term upgrade are being counted twice for one month, but I can't prove it.

2) Two custom fields (region, account tier) are empty for all customers created before 2023. They were filled in before the migration.

3) The QuickBooks sync ran twice on Sunday night and posted duplicate journal entries for deferred revenue. I reversed them manually.

4) Smaller: the saved filter on the churn report disappeared.

None of this is a disaster but I have a board pack due on the 10th and I need to be confident in the January numbers before then. Could someone from the migration team look at (1) first? Happy to jump on a call and share my screen.
%%
Feedback after our first year, plus two questions | feedback renewal question
Hello! Our renewal is coming up and I wanted to share some honest feedback before it does, and ask two questions.

The good: the revenue dashboards are now the first thing our exec team opens on Monday, dunning recovered more than we expected, and the support team has been consistently good. Special thanks to whoever rewrote the proration docs, they're much clearer now.

The less good: the invoice template editor is too limited for our enterprise customers (they want PO numbers and cost centres in specific places), and the dashboard has been slow on Monday mornings for a couple of months.

Questions: (a) is the NetSuite connector still planned for this year? We're migrating in Q3 and it will decide whether we keep both tools. (b) Can we add two read-only users for our board without upgrading to Business?

Thanks, and sorry for the wall of text.
%%
ugh, month end | stripe_sync quickbooks_sync dashboard
ok so it's month end and of course everything decides to break at once. stripe sync is lagging about 5 hours (says last synced 06:12, it's now 11:30), the quickbooks sync has 14 invoices in "error" with no explanation beyond "mapping failed", and the revenue dashboard shows a spinner forever for our controller but loads fine for me. I know the status page says everything is fine, but something isn't. we're not angry, just tired, and we really need the QBO errors explained today so we can close. what do you need from us?
%%
Escalating: invoices sent with wrong tax and wrong currency | invoices tax multi_currency escalation
I'm escalating this because it's now affecting customers directly. On Tuesday, 23 invoices to our Canadian customers went out in USD instead of CAD, and 9 of them had US sales tax applied instead of GST/HST. Customers are replying asking why they were charged tax from a state they have nothing to do with.

We did not change any tax or currency settings. The only change on our side was adding a new price for our Canadian plan, as described in your docs.

What I need: (1) a way to void and reissue the affected invoices without sending 23 more confusing emails, (2) a root cause, and (3) confirmation that next week's invoice run won't repeat this. I've paused the scheduled invoice run for now, which means cash is waiting. Please prioritise.
""")
