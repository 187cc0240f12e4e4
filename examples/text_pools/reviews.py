"""G2-style review fragments about Tallywick. Hand-written and invented."""

from __future__ import annotations

from . import lines

TITLES_POS = lines("""
Finally, MRR numbers our board trusts
The revenue dashboard we always wanted
Saved our finance team days every month
Month-end close went from 6 days to 2
Solid billing engine, great analytics on top
Best decision we made for RevOps last year
Our investors love the reporting
Dunning alone paid for itself
Reliable, well-designed, great support
A finance tool that engineers don't hate
Does exactly what a B2B SaaS company needs
Stripe + Tallywick = peace of mind
Clear metrics, no more spreadsheet gymnastics
Great for a growing SaaS business
From chaos to clean revenue data
Excellent product and a team that listens
Our single source of truth for revenue
Very happy after two years
Makes usage-based billing manageable
Best-in-class MRR reporting
Support that actually understands finance
Easy to roll out, hard to live without
It just works
Would recommend to any SaaS finance team
Smooth migration, strong product
Revenue analytics done right
The cohort charts alone are worth it
Great value for a mid-size SaaS company
Huge upgrade from our homegrown scripts
Trustworthy numbers, fast answers
Our CFO's favourite tool
Strong product, even stronger onboarding
Helps us sleep before board meetings
Good tool, getting better every quarter
Fantastic for subscription businesses
Rock solid for two years and counting
Finally stopped arguing about churn definitions
Makes our audits much less painful
A great partner as we scaled
Clean UI, accurate data, quick support
""")

TITLES_MIXED = lines("""
Good product, pricing getting steep
Great analytics, invoicing templates need work
Powerful but has a learning curve
Solid core, some rough edges
Mostly great, a few sync hiccups
Does the job, support could be faster
Strong reporting, limited customization
Worth it, but not cheap
Good, not perfect
Happy overall, waiting on NetSuite
Useful, but the price increase hurt
Reliable billing, reports need more flexibility
Great for MRR, weaker for rev rec
Solid choice with a few gaps
We like it, with caveats
""")

TITLES_NEG_BASE = lines("""
Price increase made us reconsider
Support has slowed down a lot
Sync issues cost us a month-end close
Used to love it, now frustrated
Too many bugs lately
""")

LIKES = lines("""
The MRR and ARR reporting is accurate and our board finally stopped asking where the numbers come from. We reconcile against Stripe every month and the differences are always explainable.
Setup took about two weeks including the QuickBooks mapping. The onboarding specialist knew accounting, not just the product, which made a big difference.
Dunning is the unsung hero. Our failed-payment recovery went up noticeably in the first quarter and we stopped chasing cards by hand.
I love that the revenue dashboard is the one thing our CEO, CFO and head of sales all look at. No more three versions of MRR in three spreadsheets.
The cohort and retention charts are excellent. We use them in every board deck and our investors have complimented the clarity.
Usage-based billing was painful before. With Tallywick's meters we send events from our backend and invoices just come out right at the end of the month.
Support is fast and knowledgeable. When we had a proration question the agent walked me through the math instead of sending a help article.
The Stripe sync is reliable. We've had maybe two hiccups in a year and both were resolved within hours.
We use the Snowflake export to join billing data with product usage. That's where the real value is for our analytics team.
Our month-end close is about three days shorter because invoices, payments and credit notes flow into QuickBooks automatically.
The API is well documented and predictable. Our engineers built the seat sync in an afternoon.
Revenue recognition schedules for annual contracts are handled automatically, which our auditors were very happy about.
It's easy to explain metrics to non-finance people because each chart has a short definition right next to it.
Expansion and contraction are broken out clearly, so our customer success team can see the impact of their work on NRR.
Multi-currency just works. We bill in four currencies and the consolidated reporting is clean.
The customer portal saves our support team a lot of time. Customers update cards and download invoices themselves.
Implementation was faster than any finance tool I've rolled out. We were live within a month of signing.
The product team actually listens. We asked for fiscal-year reporting and it shipped two quarters later.
I like that we can give read-only dashboard access to our board without exposing invoice details.
Credit notes, refunds and mid-term plan changes are handled in a way that makes sense to an accountant.
Forecasting is surprisingly good for a billing tool. It's our starting point for the annual plan now.
Onboarding was structured: clear milestones, weekly calls, and a checklist we could actually follow.
The data model is clean. Subscriptions, invoices, payments and customers are where you expect them in exports and in the API.
Our RevOps team uses the Salesforce sync to show contract value and renewal dates right on the account page.
Scheduled reports land in our leadership team's inbox every Monday. Nobody has to remember to pull them.
It handles our weird pricing (platform fee + per-seat + usage overage) without any hacks.
The audit log has saved us more than once when someone changed a price and nobody remembered why.
Clean, fast UI. Finance tools are usually ugly; this one isn't.
Being able to see churned MRR by plan and by region helped us spot a pricing problem in EMEA within weeks.
We replaced a set of fragile SQL scripts and a very tired analyst. Numbers now update daily instead of monthly.
SSO with Okta was easy to set up and our IT team was happy with the security documentation.
Our CSM checks in every quarter and comes with actual suggestions, not just a sales pitch.
The deferred revenue report ties to our GL, which is more than I can say for the last tool we used.
Invoices look professional and we can add PO numbers, tax IDs and custom fields for enterprise customers.
Honestly the best part is trust: when the dashboard says MRR grew 4%, people believe it.
We went from 200 to 900 customers on Tallywick and it scaled without us noticing.
Webhooks are reliable and well documented, which made our internal provisioning much simpler.
The NRR and GRR definitions match what our investors use, so we don't have to translate.
Support response times are consistently within a few hours, and they follow up when a bug is fixed.
The migration from Stripe Billing reports was smooth and our historical MRR came over intact.
Being able to slice revenue by any custom field we sync from HubSpot has been a game changer for segment analysis.
The product feels built by people who understand SaaS finance. Little things like contraction vs. churn are handled correctly.
Tax handling for EU and UK customers was a nightmare before. Now VAT numbers, reverse charge and invoice wording are handled for us.
Our collections process is mostly automated. Reminders go out, cards get retried, and I only step in for the big accounts.
The changelog is active and features arrive steadily without breaking things.
We love the ARR waterfall view, it makes the quarterly story very easy to tell.
The quote-to-invoice flow with our CRM removed a lot of manual copying.
Good balance of power and simplicity. Our junior accountant was productive in week one.
Permissions are granular enough: sales sees their accounts, finance sees everything, and the board sees dashboards.
It's one of the few tools where I've never had to call an account manager to get something done.
The sandbox lets us test new pricing before launching it, which saved us from a very embarrassing invoice run.
Exports are fast and complete. Our auditors got everything they asked for from one CSV.
We finally have a clean trial-to-paid conversion number by acquisition channel.
What I like best is how little I think about it. It runs quietly in the background and the numbers are there when I need them.
Documentation is thorough, with real examples of edge cases like backdated upgrades.
The team helped us redesign our dunning emails to sound less robotic, and response rates went up.
Clear invoices with line items that customers understand, which cut our billing-related tickets in half.
It connects to everything we use: Stripe, QuickBooks, HubSpot and our warehouse.
As a RevOps person, the ability to trace any number on a dashboard back to the underlying invoices is gold.
Pricing is fair for what we get. It costs less than one analyst and does more.
Onboarding included a session on metric definitions which aligned our finance and sales teams for the first time.
The mobile view of the dashboard is handy before board calls.
Good product velocity: the new forecasting and segment reports both came out this year.
Tallywick handles our annual prepaid plans, quarterly billing and monthly add-ons side by side with no issues.
Our churn analysis is way better because cancellations come with reasons now.
We rolled it out across two legal entities and the consolidated view just works.
Reliability has been excellent. I can't remember an outage that affected us.
I appreciate that support includes people with finance backgrounds. They speak our language.
Accurate MRR means our comp plans for sales are finally calculated on numbers everyone agrees on.
""")

STARTUP_LIKES = lines("""
We set it up ourselves in a weekend as a 12-person team and it has grown with us ever since. Our investors get clean MRR updates every month.
As a startup without a finance team, the default metric definitions saved us from inventing our own. Our Series A diligence went smoothly because of it.
We doubled revenue this year and didn't have to change anything in our billing setup. It scales nicely.
The founder-friendly onboarding was great: no jargon, just "connect Stripe, check these numbers, done".
Our data room for the fundraise was basically a few Tallywick exports. Investors commented on how clean the numbers were.
Cheap compared to hiring a finance person, and it gives us board-ready charts from day one.
""")

DISLIKES = lines("""
The invoice template editor is limited. We wanted to move the logo and add a second address block and couldn't.
Pricing went up 12% at our last renewal, which was hard to justify internally even though the product is good.
There's a learning curve. Some concepts (contraction vs. downgrade, reactivation) took us a while to understand.
The Xero sync occasionally duplicates payments, so our bookkeeper double-checks every reconciliation.
Support responses slowed down a bit this year, from a few hours to about a day.
Reports can't be saved as custom views, so I rebuild the same filters every week.
No native NetSuite integration yet, which matters as we outgrow QuickBooks.
The revenue dashboard can be slow with a lot of subscriptions, sometimes 20-30 seconds to load.
Exporting a full year of invoices sometimes times out; we export by quarter as a workaround.
SCIM provisioning is only on Enterprise, which feels like a lot to pay for user management.
The forecast report is a bit of a black box. I'd like to tweak the churn assumptions.
Fiscal-year reporting took too long to arrive and still doesn't cover every chart.
Some help articles are outdated and show an older version of the UI.
The customer portal can't be fully branded, so some customers get confused by the domain.
API rate limits on the Business plan are tight for our nightly batch jobs.
Multi-entity setup works but the UI for switching between entities is clunky.
Credit notes are applied in the month issued, not the original invoice month, which isn't always what we want.
I wish the mobile experience was better; it's fine for dashboards but not for anything else.
Custom fields can be used in filters but not in every report or in invoice templates.
Initial data import from our old system needed a few rounds of cleanup with support.
The permission model is decent but we'd like to limit sales reps to their own accounts more easily.
Notifications are noisy. I get emails for events I don't care about and the settings are hard to find.
Occasionally the Stripe sync lags by a few hours at month end, exactly when we need it most.
It's not cheap. For a smaller company it might be hard to justify the Business plan.
The usage-based billing setup required an engineer; it's not something finance can do alone.
Dunning emails can't be customised per customer segment, only globally.
The changelog moves fast and sometimes a UI element moves without warning.
The chart colours are hard to tell apart, especially expansion vs. reactivation.
We'd love a better way to handle one-time fees without them affecting MRR.
Onboarding was good but quite time-consuming for our small finance team.
There's no proper sandbox on Growth, so testing pricing changes is nerve-wracking.
Tax handling for some Asian markets needed workarounds.
I'd like more control over when renewal invoices are sent; 30 days in advance doesn't fit every customer.
The audit log export is only CSV and only 90 days on our plan.
Merging duplicate customers after a CRM import is manual.
Rounding in non-decimal currencies like JPY needed a support ticket to fix.
The default dunning schedule was too aggressive for our enterprise customers who pay by wire.
Some reports don't respect the currency you pick, they always show USD.
Honestly nothing major. Sometimes I wish the product moved a bit slower so I didn't have to relearn where things are.
Support in our timezone (APAC) is thinner, so answers often arrive overnight.
The onboarding checklist assumes Stripe; other processors feel like second-class citizens.
Hard to model multi-year contracts with ramped pricing without some manual adjustments.
The ARR waterfall can't be exported as a table, only as an image.
Invoice numbering options are limited, which caused a headache with our accountant.
SSO setup was fine but the documentation for Azure AD was thin.
We hit the user limit on Growth quickly; extra internal users should be cheaper.
""")

BASE_NEG = lines("""
We've been customers for three years and the last renewal came with a 15% increase and no new features we actually use. It feels like we're paying for the roadmap, not the product.
Support used to be the best part. Now first responses take two or three days and the answers are often links to articles we've already read.
The Xero sync broke during our quarter close and it took a week to get a fix. We ended up reconciling by hand, which defeats the purpose.
A series of bugs in the last few months (empty scheduled reports, duplicate webhooks, wrong seat counts) has eroded our trust in the numbers.
We outgrew QuickBooks and moved to NetSuite. Without a native integration, keeping Tallywick in sync became a part-time job, so we're evaluating alternatives.
Our CSM changed three times in a year and each one asked us the same discovery questions. It doesn't feel like anyone knows our account anymore.
The product is good but the contract terms at renewal were rigid. We asked to reduce seats after a hiring freeze and were told to wait until the end of term.
Invoice customization is too limited for enterprise customers with strict AP requirements. We keep editing PDFs by hand.
""")

AGENCY_TITLES = lines("""
Too expensive for a small agency
Not built for agencies
Beautiful tool, wrong fit for a studio
No white-label, no deal
Pricey for freelancers
Great for SaaS, not for client work
Support too slow for urgent client issues
Wanted simple invoicing, got an enterprise tool
We tried hard to make it work
Overkill for a 3-person team
Can't manage multiple clients properly
Lost our discount, lost our reason to stay
Frustrating for agencies
Nice product, wrong audience
Way more than a freelancer needs
""")

AGENCY_NEG = lines("""
As a small creative studio we mostly need to send recurring invoices to clients. Tallywick is clearly made for software companies and we're paying for analytics we never open.
There's no white-label option, so our clients see another company's brand in the portal and on invoices. For an agency that's a dealbreaker.
The price is fine for a funded startup but too much for a three-person agency. When our intro discount ended, the renewal price was about what one small client pays us per month.
No way to manage several clients' billing from one account without paying for multiple workspaces. We ended up juggling logins.
Support answers within a day, which is probably fine for finance teams, but when a client invoice is wrong I need help in the next hour, not tomorrow.
We bill retainers plus hours. Tallywick wants everything to be a plan or a usage meter, and hourly work doesn't fit.
The "Powered by Tallywick" footer on invoices made us look small in front of clients.
We asked for a custom client report template and were told that's not something they do. Fair enough, but we needed it.
Onboarding assumes you have a finance person and a developer. I'm the designer, the account manager and the bookkeeper.
Every time I wanted something slightly custom (different invoice sender per client, Portuguese invoices, project codes) the answer was no or "on the roadmap".
Cancelling took a few emails and I had to export our data myself. Not terrible, just tedious.
The invoice designer couldn't match our brand guide. Fonts and layout are locked.
We liked the dashboards at first but honestly we never looked at MRR or churn. We're a studio, not a SaaS company.
I kept paying for a seat for a freelancer who had left because seats couldn't be reduced mid-term.
The price increase from $99 to $129 was the last straw for us.
Setting up one-off project invoices (50% upfront, 50% on delivery) was awkward compared to simpler tools.
We connected our own Stripe and then a client's Stripe and it replaced ours. Multi-account support would have kept us.
Too many features, too little of what we need. It's like renting a truck to carry groceries.
I wrote to support six times about our logo getting cut off on invoices. It eventually got fixed, but it took a week.
No phone support on the lower plans. As a small business that's how I prefer to solve things quickly.
It's a great product for a company with a finance team. We're not that company.
We were told during the sales chat that agencies use Tallywick a lot. I'm not sure that's true.
The 40% discount made it worthwhile for a while, but we always knew we'd leave when it ran out.
Our clients found the payment page confusing because it wasn't branded with their name.
""")

AGENCY_POS = lines("""
The product is beautifully designed and invoices look clean.
Payments through Stripe were reliable and clients paid faster than with bank transfers.
The support people were friendly, even when the answer was no.
Automatic payment reminders saved me some awkward emails with late clients.
""")

REGULATED_TITLES = lines("""
Strong analytics, not enterprise-ready for regulated industries
Security review was a long road
Pilot stalled on compliance requirements
Promising product, missing enterprise controls
[Banking] Not ready for a bank
[Healthcare] Good for SaaS, hard fit for healthcare
Procurement and security gaps
Could not pass our vendor risk assessment
Needs on-prem or in-country hosting
Impressive demo, difficult rollout
Nice dashboards, too many compliance gaps
""")

REGULATED_NEG = lines("""
The finance users in our pilot liked the dashboards, but we couldn't get past our vendor risk assessment. No on-prem or private cloud option, and the EU-only processing commitment didn't cover every sub-processor.
Our security questionnaire took months to complete and several answers were "planned" rather than available (customer-managed keys, SIEM streaming, IP allowlisting).
SCIM and SSO work for simple setups, but our identity model with nested groups and ADFS claim rules required workarounds our auditors would not accept.
The roles are too coarse for segregation of duties. We need maker-checker approval on credit notes and prices, which isn't there.
[Banking/Insurance] We expected an enterprise billing platform that could integrate with our mainframe systems. Tallywick is a modern SaaS tool built for SaaS companies; that is a different product.
The 99.9% SLA and business-hours support model don't meet the requirements for a critical financial system in our organisation.
Procurement was long on both sides. By the time the contract was signed the pilot budget had been reallocated.
Per-seat pricing doesn't work when 2,000 staff need read-only access to a few reports.
[Government] Data residency was the blocker. As a public body we need in-country hosting, and there was no timeline for it.
The pilot was extended twice because our users could not log in until network access and the security review were complete. Adoption never really started.
Audit logs are available, but only as a download. Our monitoring standard requires real-time streaming.
The team was responsive and honest about what's on the roadmap. Unfortunately our requirements weren't on it.
[Healthcare] We asked for a BAA and a number of healthcare-specific controls. The answers were reasonable but not sufficient for our compliance office.
Session timeout, IP restrictions and key management all came up as audit findings during the pilot.
It became clear that the product is designed for mid-sized software companies. Our processes, approvals and legacy systems needed far more customization than was realistic.
""")

REGULATED_POS = lines("""
The analytics and reporting are genuinely impressive, better than our current internal tools.
The solutions engineer was knowledgeable and patient with our long list of questions.
The user interface is modern and the finance pilot group picked it up quickly.
Documentation about the security architecture was clear, even if it didn't cover all our controls.
""")

TRIAL_TITLES = lines("""
Too complicated for a small business
Confusing setup
Not for beginners
Gave up during onboarding
Way too much for what I need
Expensive once the promo ends
Couldn't get started
Overwhelming
Made for accountants, not for me
Nice idea, hard to use
Charged after the trial
""")

TRIAL_NEG = lines("""
I signed up with a promo code to see if it would help me track my coaching income. The setup wanted products, prices, meters and a Stripe connection before showing anything. I gave up on day two.
The onboarding assumes you know what MRR, ARR and deferred revenue are. I don't, and the explanations didn't help much.
My trial ended before I had time to connect anything. I asked for an extension and got one, but I still didn't manage to set it up.
I was charged after the trial and had to ask for a refund. It was refunded, but the cancel button was hard to find.
There's no free plan and even with the launch coupon the price was more than all my other tools together.
I don't use Stripe, and most of the product seems to depend on it. PayPal and bank transfers aren't really supported.
Too many emails during the trial and too many steps in the setup wizard. It felt like homework.
I just wanted to send a few monthly invoices. This is a tool for companies with finance teams.
The dashboard was empty until you configure everything, so I never saw the value.
The help docs are long and written for finance professionals. I wanted two-minute videos.
I booked an onboarding call, but it was missed and I didn't have time to rebook before the trial ended.
I'm sure it's powerful, but for a one-person consultancy it's overkill.
The promo code didn't apply at checkout and I had to email support to get the price I was promised.
I couldn't skip the product catalog step in the wizard, even though I sell services, not products.
I compared three tools and this was the most complex one to get started with.
Nice looking, but I never got past setup. Not sure I'm the audience.
""")

TRIAL_POS = lines("""
Support was friendly and refunded me quickly.
The screenshots on the website looked great, and the charts probably are great once everything is connected.
The trial extension was granted without any fuss.
""")

ECOM_TITLES = lines("""
Not built for online shops
Great for SaaS, not for retail
No inventory, no POS
Confusing for an e-commerce business
Wrong tool for physical products
Nice reports, but everything is MRR
Couldn't connect our shop
Doesn't handle one-off orders
Lots of how-to questions, few answers
Good support, wrong product for us
""")

ECOM_NEG = lines("""
We run a small online shop with a subscription box. Tallywick handles the box well, but it has no inventory tracking, no shipping fields and no product variants, so we still need our old platform.
Every one-off order shows up as churn the following month. Our churn chart looked catastrophic until support explained the product is built for recurring software revenue.
There's no POS integration, so our in-store sales never appeared in the dashboard. We were only seeing half the business.
We spent weeks asking "how do I" questions (packing slips, gift cards, return labels) and the answer was usually that Tallywick doesn't do that.
Sales tax for physical goods shipped to different states was confusing to set up. The settings are clearly designed for digital services.
All the reports talk about MRR, ARR and NRR. We just want daily sales by product and by payment method.
No Shopify or marketplace sync means we had to export orders and import them by hand every week.
Adding 300 products with sizes and colours meant creating hundreds of separate products. That's not practical.
The seat-based pricing means each shop assistant costs money, which doesn't make sense for a till.
We couldn't skip a month for a subscriber without cancelling and recreating the subscription.
The support team was patient and kind, but most of our requests were simply outside what the product does.
Black Friday discounts for one-time purchases were awkward to set up because coupons are designed for subscriptions.
Revenue numbers never matched our shop platform because only subscriptions were counted.
It's a good product for software companies. We should have asked more questions before buying.
""")

ECOM_POS = lines("""
The subscription box billing itself worked well and failed payments were retried automatically.
The support team answered every question, even the basic ones, with a lot of patience.
Invoices look professional and customers liked getting them by email.
""")

# Titles for the rarer mixed/positive reviews written by poor-fit customers.
PLANTED_MIXED_TITLES = lines("""
Good product, not quite our use case
Works, with a few workarounds
Nice tool, some gaps for us
Decent, but not a perfect fit
Helpful in parts
Good support, limited fit
Solid, if you're the right customer
Okay for now
Parts of it are great
We use a small slice of it
""")

PLANTED_POS_TITLES = lines("""
Friendly support, reliable payments
Does what we use it for
Pleasant experience overall
Better than expected
""")
