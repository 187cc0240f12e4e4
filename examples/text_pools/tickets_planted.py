"""Support tickets from small fast-growing startups (healthy) and from the planted poor-fit segments.

Invented text. The poor-fit customers are not bad people: they bought a product built for someone else.
"""

from __future__ import annotations

from . import items, lines

STARTUP = items("""
We just doubled our customer count - anything we should set up now? | scaling question
We went from ~60 to ~130 paying customers in the last two months (good problem!). Is there anything in Tallywick we should configure now rather than later, like dunning rules or revenue recognition, so we don't have a mess when we raise our next round?
%%
Investor asked for MRR by cohort | cohorts reporting
Our lead investor asked for net MRR retention by quarterly cohort for our Series A data room. I can see the cohort chart, is there a way to switch it to quarterly and export it?
%%
Moving from monthly to annual plans | plans billing question
We're introducing annual plans with 2 months free. Can existing monthly customers switch mid-cycle and get the unused part of their month credited? Want to make it easy for them to say yes.
%%
Adding our first EU customers | multi_currency tax
Just signed our first two customers in Germany and Ireland. What do we need to set up for VAT in Tallywick? We're a US entity, 14 people, no finance team yet, so go easy on the jargon please :)
%%
Upgrade to Business? | plans upgrade question
We're growing faster than expected and will probably need the warehouse export and more users by Q3. Can we upgrade mid-contract and what happens to the price we're paying now?
%%
Seat-based pricing with a minimum | pricing setup
We want a minimum of 5 seats per customer and per-seat pricing above that. Is that a tiered price or a minimum charge? Just want to set it up the right way before our launch on Monday.
%%
Can our fractional CFO get access? | users permissions
We work with a fractional CFO two days a month. Can we add her as a user without it counting against our seat limit, or is there a cheaper accountant role?
%%
Metrics definitions for our board deck | reporting question
First board meeting next week. Which of your metrics are "standard" enough to show investors as-is (MRR, NRR, logo churn)? I'd like to avoid inventing our own definitions.
%%
Loving the product, small bug in onboarding checklist | bug onboarding praise
We finished setup in a day, really smooth. One thing: the onboarding checklist still says "connect Stripe" even though we connected it days ago and data is flowing.
%%
API for our internal admin panel | api question
We'd like to show each customer's current plan and next invoice date in our internal admin tool. Is there a single endpoint that returns both, or do we combine subscriptions + upcoming invoice?
""")

STARTUP_EXTRA = lines("""
We're a small team so I'm wearing the finance hat on top of product, apologies for basic questions.
We're growing about 15% month over month, so I'd rather get this right now.
Happy to hop on a quick call if that's faster.
Keep up the great work, the MRR dashboard has been a lifesaver for our investor updates.
""")

AGENCY = items("""
Price is way too high for a 3 person studio | pricing cancel
Honestly the Starter plan is a lot for us. We're three people and we invoice maybe 12 clients a month. Half the features we don't use (cohorts? NRR?). Is there a cheaper plan or can you just give us a discount? Otherwise we'll have to cancel at the end of the month.
%%
Need white-label client portal ASAP | white_label feature_request urgent
Our clients log into the customer portal and see YOUR branding. We need it to show our agency logo and colours, not Tallywick. This is making us look unprofessional in front of clients. Can you turn on white-label for us? We need it before Monday's client presentation.
%%
URGENT: client report needed for tomorrow | urgent custom_report
I need a custom revenue report for one of my clients (they sell yoga memberships) formatted with their logo for a meeting tomorrow 9am. Your templates don't fit. Can your team build it tonight? This is really urgent, I'm on the Starter plan but I'll pay extra if I have to.
%%
can i manage my clients billing from my account?? | multi_client question
i run a small agency and want to set up billing for 6 of my clients from my one account. each client has different stripe accounts. how do i switch between them?? cant find anywhere
%%
Remove "Powered by Tallywick" from invoices | white_label branding
Our invoices to clients have "Powered by Tallywick" in the footer. We're billing under our own brand. Please remove it. We shouldn't have to advertise for you on our own invoices.
%%
Discount at renewal or we leave | pricing discount renewal
Our 40% intro discount ends next month and the full price doesn't make sense for us. Other tools give agencies a permanent discount. If you can keep the 40% we'll stay, otherwise please cancel our account on the 1st.
%%
Can you build an integration with our project management tool? | custom_integration feature_request
We track all our client work in a project tool and would love hours from there to flow into invoices automatically. Could your developers build a custom integration for us? It would save us a couple of hours a month. Let me know the timeline.
%%
Still waiting for an answer!!! | support followup urgent
This is the third time I'm writing. I asked two days ago how to send an invoice with our logo on it and nobody has answered. We pay for this service. A client is waiting on their invoice.
%%
Hourly billing for retainer clients | hourly_billing feature_request
Most of our clients are on monthly retainers plus extra hours at $95/h. How do I add hours to a retainer invoice each month? The subscription setup assumes everything is a fixed plan, but our work isn't like that.
%%
Cancel and refund please | cancel refund
Please cancel our subscription and refund this month. We signed up thinking it was a simple invoicing tool and it's far more than we need. We didn't use it this month at all.
%%
Custom domain for client invoices | white_label custom_domain
We want invoice emails to come from billing@ourclient.com, not from us or you, since we manage billing on their behalf. Different domain per client. Possible?
%%
Why am I paying for revenue analytics? | pricing plans
I don't need dashboards or MRR charts, I just need to send recurring invoices to my clients. Can I pay less and have only the invoicing part?
%%
Need a call today | urgent call_request
Can someone call me today? We have a client launch and I need help setting up their subscription plans on our account. Ideally in the next hour. Phone number is in my profile.
%%
Can I resell Tallywick to my clients? | reseller partnership
We'd like to resell Tallywick to our clients under our own name with a markup. Do you have a reseller or partner program with bigger discounts? We could bring maybe 5-10 clients over time.
%%
Logo on invoice is cut off | invoices branding
The logo I uploaded is cut off on the invoice, only the left half shows. Tried 3 times. Client is asking why their invoice looks weird. Need this fixed asap.
%%
Template design changes | custom_design invoices
Can your team redesign our invoice template to match our brand guide? I can send the Figma file. We want different fonts and a big header image. Happy to pay a small fee if needed but not much.
%%
Charged full price?? | billing discount
We were charged $199 this month instead of the discounted $119 we agreed on when signing up. Please fix and refund the difference. I don't have time to chase this every month.
%%
how do i add a client | how_to
how do i add a new client? i see "customers" but my clients arent my customers they are my clients, im confused about what goes where
%%
Support response time is unacceptable | support complaint
Your support takes a full day to answer even simple questions. As a small agency we don't have a finance team, when something breaks I need help right away, not tomorrow. Do you have phone support?
%%
Separate accounts per client at no extra cost? | multi_client pricing
We'd need one workspace per client (8 clients). At Starter price each, that's more than what some of our clients pay us. Can you give us multiple workspaces for the price of one?
%%
Stripe connect for client accounts | stripe_sync multi_client
Connected my own Stripe, but now I want to connect my client's Stripe too, on the same account. It replaced mine. Can I have several Stripe accounts connected? And keep them separated in reports?
%%
Pause our account for the summer | pause pricing
Business is slow in July and August. Can we pause our subscription for two months without paying and come back in September? Other tools let us do that.
%%
Need invoices in Portuguese for a client | localization custom
One of our clients in Brazil needs their invoices in Portuguese with a different layout required by their accountant. Can you set that up for that client only?
%%
Your pricing page says agencies welcome?? | pricing complaint
Your pricing page literally has an "agencies" logo section but nothing in the product is built for agencies. No client switcher, no white-label, no per-client pricing. Feels a bit misleading tbh.
%%
Export all client data before we cancel | export cancel
We're moving to a simpler invoicing tool. Please export all our invoices and customer data so we can move them. Also please confirm you won't charge us next month.
%%
Help setting up a one-off project invoice | how_to invoices
We finished a website project for a client and need to invoice $4,800 in two parts, 50% now, 50% on launch. How do I do that? Everything in your tool seems to want a subscription.
%%
invoice went to wrong client!!! | bug urgent
an invoice for one of my clients was emailed to ANOTHER client. this is super embarrassing. how did this happen?? i need this fixed right now and i need to know it won't happen again
%%
Custom fields for project codes | custom_fields feature_request
Each invoice line should show the project code from our client briefs. Can you add a project code field? Small thing, but we really need it by end of week.
%%
Can we get the annual price on a monthly plan | pricing discount
Annual is 20% cheaper but we can't commit for a year, cash flow in a small studio is unpredictable. Can we pay monthly at the annual price? Everyone else seems to have this flexibility.
%%
Looking for a Tallywick expert to set us up | services setup
Do you have someone who can just set everything up for us? We don't have time to learn the tool. We'd want it done this week. How much would that cost?
%%
Removing a user doesn't lower price | seats pricing
Our freelancer left so I removed her user. Price stayed the same. Why am I paying for a seat nobody uses? Please adjust our bill.
%%
Client asked for a branded payment page | white_label checkout
My client wants the payment page to have their logo and colors and their own URL. Can that be done per client? They're about to go live next week and I promised them.
%%
Still broken | followup support
Following up again on the logo issue. It's been four days. Client invoices still look broken. I'm starting to look at alternatives honestly.
%%
Why did the price go up? | pricing price_increase
Got an email that Starter goes from $99 to $129. That's a 30% jump. For a two-person business that's real money. We never agreed to that. Can we keep the old price?
""")

AGENCY_EXTRA = lines("""
We're a tiny team, I can't spend hours learning software.
Honestly if this can't be sorted out this week we'll cancel.
My client is waiting and I look bad in front of them.
Other tools in this space charge half of what you do.
I don't need all the finance stuff, just simple invoices with our branding.
Please reply today, this is urgent for us.
sorry for the caps earlier, it's been a long week
Can you also give us another month at the discount while we figure this out?
This is costing me billable hours every time something breaks.
We were told during signup that customisation was possible.
I'm on my phone at a client site so please keep it short.
Also is there a referral program? I could recommend you to a couple of other studios if the price was right.
Really frustrated at this point to be honest.
We love the look of the product, it's just not built for how agencies work.
Can someone from sales call me about a discount?
If you can do this as a one-off custom job, let me know the price.
Not trying to be difficult, just need this to work for our clients.
fyi I'm the only admin, there's nobody else to ask on our side
We will mention this in our review if it's not fixed.
Thanks for being patient with all my questions lol
""")

REGULATED = items("""
On-premise deployment option | on_prem security enterprise
As discussed with your sales team, our information security policy requires that customer billing data stays within our own data centres. Please confirm the timeline for an on-premise or private cloud deployment of Tallywick. Our pilot cannot progress to production without it.
%%
Completed security questionnaire required | security_review questionnaire
Please find attached our Third-Party Risk Assessment questionnaire (312 questions, version 7.2). Our vendor risk team requires it completed within 10 business days, including evidence for each control. Partial answers will reset the review timeline.
%%
SCIM provisioning failing for nested groups | scim sso
Our identity team configured SCIM via our IdP. Users in nested groups are not provisioned, and deprovisioned users remain active in Tallywick for up to 24 hours. Both are findings in our access-control audit. Please advise on a fix or compensating control.
%%
SAML assertion with ADFS rejected | sso saml
We are connecting Tallywick to our on-premise ADFS. The login fails with "invalid audience". Our configuration uses a custom claim rule set that we cannot change without a change advisory board (CAB) approval, which meets monthly. Can Tallywick accept our existing claim format?
%%
Data residency: EU-only processing | data_residency compliance
Our legal department needs written confirmation that all customer data, including backups, logs and support tooling, is processed exclusively within the EU. The current DPA lists a US sub-processor for email delivery. This is a blocker.
%%
[Healthcare] Business Associate Agreement (BAA) | hipaa compliance healthcare
Our compliance office requires a signed Business Associate Agreement before any patient-adjacent data can be processed. Although billing records should not contain PHI, some invoice line items reference treatment programmes. Please send your BAA template for legal review.
%%
Audit log export to our SIEM | audit_log siem security
We need all Tallywick audit events streamed to our SIEM in near real time (syslog or a supported connector). A daily CSV download does not meet our monitoring standard. Please confirm whether this is on the roadmap and the expected date.
%%
IP allowlisting for admin access | security ip_allowlist
Our policy requires that administrative access to SaaS tools is restricted to our corporate egress IP ranges. Please enable IP allowlisting for our tenant. If this is not supported, please provide a written risk acceptance statement for our CISO.
%%
Procurement: vendor registration forms | procurement
To proceed with the purchase order, Tallywick must be registered in our supplier system. Attached are the vendor onboarding forms (W-9 equivalent, banking confirmation, insurance certificates, modern slavery statement, ESG questionnaire). The PO cannot be issued until all are approved.
%%
Pilot extension request | pilot extension
Due to delays in our internal security review, we were unable to onboard the pilot users during the agreed 90-day period. We request a further 90-day extension of the pilot at no additional cost. Our steering committee meets on the 14th to review progress.
%%
Customer-managed encryption keys | encryption security
Does Tallywick support customer-managed encryption keys (BYOK / HYOK) with our own HSM? Our cryptography standard requires that we can revoke the vendor's access to our data at any time.
%%
Penetration test report | security pentest
Please provide your most recent independent penetration test report, including the full findings list and remediation status. The executive summary you shared is not sufficient for our assessment. We can sign an additional NDA if required.
%%
Uptime SLA of 99.99% required | sla contract
Our contract template requires a 99.99% availability SLA with service credits and a 15-minute response for severity-1 incidents, 24/7. The standard Enterprise terms state 99.9% and business-hours support. Please confirm whether you can meet our terms.
%%
Users cannot log in: SSO mandatory policy | sso login
After enforcing SSO-only login as required by our policy, our external auditors (who use their own identity provider) can no longer access the read-only reports. We need guest access that still satisfies our SSO-only requirement. How do other regulated customers solve this?
%%
Approval workflow for price changes | approvals feature_request compliance
Segregation of duties requires that any change to a price, discount or credit note over a threshold be approved by a second user. We did not find a maker-checker workflow in Tallywick. Is this available?
%%
Fine-grained roles | permissions rbac
The predefined roles do not map to our access model. We need field-level permissions, e.g. a role that can view invoices but not customer bank details, and one that can approve credit notes without editing them. Please advise.
%%
Pilot usage is low - access still blocked | pilot adoption
Following your CSM's note that pilot usage is low: to clarify, our users cannot start using the platform until the security review is complete and network access is opened by our infrastructure team. We expect this to take another 6-8 weeks.
%%
Contract redlines from legal | contract legal procurement
Our legal team has returned the MSA with redlines (liability cap, audit rights, data deletion within 30 days, governing law). Several of these are non-negotiable for us under our outsourcing policy. Please route to your legal counsel.
%%
Invoices must reference our PO and cost centre | invoices procurement
All supplier invoices must reference our PO number, cost centre and a three-way-match code, and be submitted via our supplier portal in e-invoicing format. PDF by email will be rejected by accounts payable.
%%
Sandbox with masked production data | sandbox security
For user acceptance testing, we require a separate non-production environment with masked copies of our data, with the same security controls as production. Please confirm availability and any additional cost.
%%
Disaster recovery documentation | dr business_continuity
Please provide your business continuity and disaster recovery plans, including RTO/RPO figures and evidence of the last DR test. Required for our operational resilience register.
%%
[Government] Why is the product not available in our region? | data_residency region
Your trust documentation lists data centres in the US and EU only. As a public sector body we are required to host in-country. Is a local region planned? If not, we may have to end the pilot.
%%
[Government] FedRAMP / government certification status | compliance government certification
Our department can only use cloud services with a recognised government security authorisation. Please confirm your certification status and expected timeline. Our project sponsor needs this for the next funding gate.
%%
Data deletion certificate | data_deletion compliance
At the end of the pilot we will require a certificate of data destruction covering production, backups and any copies held by sub-processors, signed by an officer of your company.
%%
Accessibility conformance report | accessibility procurement
Our procurement rules require a VPAT / accessibility conformance report for WCAG 2.1 AA. Please provide it, together with the remediation plan for any partially supported criteria.
%%
[Banking/Insurance] Integration with our mainframe billing system | integration legacy custom
Our core billing runs on a mainframe system that exports fixed-width files nightly. For Tallywick to be useful, we would need an adapter that ingests these files. Is this something your professional services team can build?
%%
Escalation: response time on security questions | escalation support
Our questions from three weeks ago about encryption at rest and key rotation have not been fully answered. Our CISO has asked me to escalate. Please provide a named contact for security matters.
%%
Session timeout settings | security session
We need session timeout configurable to 15 minutes of inactivity with re-authentication. Currently sessions last 12 hours. This was flagged by our internal audit.
%%
Access for 2,000 read-only users | licensing seats enterprise
If we roll out beyond the pilot, approximately 2,000 staff across regional offices would need read-only access to reports. Per-seat pricing at that scale is not viable under our budget. Please propose an enterprise licensing model.
%%
Vulnerability disclosure question | security vulnerability
Our scanner flagged TLS 1.2 cipher suites on your API endpoint that our standard classifies as weak. Please confirm whether these can be disabled for our tenant or provide a timeline.
""")

REGULATED_EXTRA = lines("""
This item is tracked in our vendor risk register and has a due date of end of month.
Please respond in writing; verbal confirmation on calls cannot be accepted for audit purposes.
Copying our CISO and the procurement lead for visibility.
Until this is resolved, the pilot remains limited to the five users in the finance innovation team.
Kindly reference our case number VR-2291 in all correspondence.
Our steering committee will decide on continuing the pilot at its next meeting.
We appreciate the responsiveness of your solutions engineer on this.
Please note that our change freeze begins on 1 December.
Any customisation will need to go through our architecture review board.
Our legal team will need to review any updated documents before we can proceed.
The finance users in the pilot like the dashboards; the blocker is entirely on the security side.
We understand this may require roadmap changes; please let us know if that is realistic.
We will need this answer before we can schedule the next pilot checkpoint.
Please treat the attached document as confidential.
""")

TRIAL = items("""
Trial ended before I could try anything | trial extension
My trial ended yesterday and I honestly didn't get to use it, I signed up and then got busy. Can you extend it for another 14 days? I still want to see if it's for me.
%%
Coupon code not working | coupon discount
I have a code from a newsletter (something like LAUNCH50) but it says invalid at checkout. Can you apply 50% off manually? I saw other people got it.
%%
too complicated | onboarding complexity
honestly this is way too complicated for what i need. i just want to see how much money my business makes each month. why do i need to set up products, prices, meters, dunning?? i gave up after 20 minutes
%%
Can't connect Stripe - what is a restricted key? | stripe_sync setup
The setup asks me to connect Stripe but I don't use Stripe, I use PayPal and bank transfers. Do I have to open a Stripe account to use your product? The onboarding doesn't say.
%%
Charged after trial, didn't want to continue | refund billing trial
I was charged $149 after the trial ended. I didn't realise it would convert automatically. Please refund, I haven't used it since the first day.
%%
What does MRR even mean | question onboarding
Sorry if this is a dumb question. The dashboard shows MRR and ARR and NRR and I don't know what any of these are. Is there a simpler view? Or a video that explains it from zero?
%%
Is there a free plan? | pricing free_plan
Do you have a free plan for very small businesses? I'm just starting out with 3 clients. The Starter price is more than my other tools combined.
%%
Please delete my account | account_deletion
Please delete my account and all data. I signed up to try it and it's not what I was looking for.
%%
Onboarding emails too many | onboarding email
I'm getting an email from you every day with "next steps" - can you stop? I haven't even finished the first step because the setup wizard keeps asking for things I don't have.
%%
Lifetime deal? | pricing lifetime_deal
Do you offer a lifetime deal? I saw some similar tools on deal sites with one-time payments. I'd buy it right now if you had one.
%%
Where is the import button | how_to import
The onboarding says "import your customers" but I can't find the import button anywhere. I have them in a spreadsheet. Help?
%%
Setup wizard stuck at step 3 | onboarding setup bug
The setup wizard is stuck at step 3 ("Configure your product catalog"). I don't have a product catalog, I sell coaching sessions. I can't skip it. What do I put?
%%
Nonprofit discount? | discount nonprofit
We're a small nonprofit with 4 staff. Do you have nonprofit pricing? Even with the promo code it's more than we can spend. Some of your competitors offer 75% off for charities.
%%
Can I get a demo account with sample data? | onboarding sample_data
It's hard to judge the product with no data in it. Is there a demo account with fake data I can click around in? I don't want to connect my real payment accounts just to look.
%%
Trial extension please (again) | trial extension
Hi again, I know you extended my trial once already, but I had a family thing and couldn't look at it. Could I have one more week? Promise I'll actually test it this time.
%%
Refund for annual plan | refund cancel
I accidentally picked the annual plan during signup (the promo made it look like monthly). Can I switch to monthly or get a refund? I've only had it for 5 days.
%%
The dashboard is empty | onboarding setup
I logged in and all the charts are empty. Did I do something wrong? I thought it would show my revenue automatically.
%%
Do I need an accountant to use this? | onboarding complexity question
Reading through the setup guide, it mentions revenue recognition, deferred revenue, GL mapping... I'm a one-person consultancy. Do I need an accountant to set this up? That's not something I can afford right now.
%%
Why do you need my credit card for a trial? | trial billing
Why does the trial require a credit card? Every other tool I've tried lets you start without one. Makes me nervous.
%%
Video tutorials? | onboarding docs
The help docs are very long and written for finance people. Do you have short video tutorials? Like 2-3 minutes each. I learn better that way.
%%
promo code expired one day early | coupon discount complaint
the promo said valid until the 31st and it expired on the 30th. I tried to sign up at 11pm. can you still honor it? would be really disappointing otherwise
%%
Just want to send invoices | onboarding complexity
All I want is to send a monthly invoice to 5 clients automatically. Your product seems to be for big companies with analysts. Is there a simple mode?
%%
Cancel before renewal | cancel trial
Please make sure I'm not charged again on the 3rd. I couldn't find a cancel button in settings (it should be easier to find honestly).
%%
Second promo code on top of the first? | coupon discount
I have the 40% launch code and also a 20% referral code from a friend. Can I combine them? Checkout only lets me enter one.
%%
Can a student use this? | discount question
I'm a student running a small app as a side project. Is there a student discount? The normal price is way out of my budget, even with the promo.
%%
Onboarding call didn't happen | onboarding scheduling
I had an onboarding call booked for Tuesday but nobody joined. Then I didn't have time to rebook. Now my trial is almost over. Can you extend it?
%%
The product is confusing | onboarding ux
I'm sure it's a good product for some people but the interface is confusing. There are 12 items in the menu and I don't know where to start. Maybe a "beginner" mode?
%%
Restart trial with new email? | trial account
Can I restart the trial if I sign up with a different email? I didn't get to test the invoicing part.
%%
Refund - didn't work for us | refund cancel
It didn't work for our business (we don't have subscriptions, just one-off sales). We tried for two weeks with the promo. Please refund the last charge.
""")

TRIAL_EXTRA = lines("""
I'm not very technical, sorry.
Sorry, I don't have much time for this, running a business on my own.
Thanks, I know this is probably a silly question.
If it's not possible no worries, I'll just cancel.
I saw the promo on a deal newsletter and thought I'd give it a try.
The welcome video didn't load on my laptop.
I'll be honest, I'm comparing three tools right now and yours is the most complex one.
Could you reply by email? I don't log in very often.
I didn't realise the setup would take this long.
Maybe I'm not your target customer, but I thought I'd ask.
ps your chat widget said someone would reply in minutes but no one did
""")

ECOM = items("""
How do I track inventory? | inventory how_to
How do I track inventory in Tallywick? When someone buys a candle subscription box, I need the stock count to go down. I can't find an inventory section anywhere.
%%
Connect to our POS in the shop | pos integration
We have a physical shop plus an online store. How do I connect our point-of-sale terminal so in-store sales show up in the revenue dashboard? Right now only online subscriptions appear.
%%
How do I add product variants (size/colour) | products catalog how_to
We sell T-shirts in 5 sizes and 4 colours. How do I add variants to a product? I only see "price" and "plan" fields. Do I really need to create 20 separate products?
%%
Shopify sync? | shopify integration
Does Tallywick sync with Shopify? All our orders are in Shopify. I assumed it would connect when I signed up because the website mentions e-commerce.
%%
Shipping costs on invoices | shipping invoices how_to
How do I add shipping costs to an invoice? Each order has a different shipping amount depending on the address. Couldn't find a shipping field.
%%
how do i refund one item from an order | refunds orders how_to
customer bought 3 items, returned 1. how do i refund just that one item? the refund screen only lets me refund the whole invoice or a custom amount, and then the report looks weird
%%
Packing slips | orders fulfilment how_to
Can Tallywick print packing slips for our monthly boxes? We currently do it by hand from a spreadsheet and I was hoping this would replace that.
%%
SKUs in reports | sku reporting
Is there a report of revenue by SKU? I want to know which products sell best. The revenue dashboard only groups by plan.
%%
Gift cards | gift_cards feature_request
Customers keep asking to buy a subscription as a gift. How do I sell gift cards or gift subscriptions? Christmas is coming and this is our biggest season.
%%
Sales tax for physical goods in different states | tax shipping
We ship physical products to every US state. How does Tallywick handle sales tax for physical goods vs. digital? The settings seem to assume software.
%%
Black Friday discount for all customers | discounts how_to
How do I run a Black Friday sale: 25% off everything for 4 days, for new orders only? The coupon setup looks like it's meant for subscriptions.
%%
Orders from Etsy | integration marketplace
We also sell on Etsy and a marketplace. Can orders from those flow into Tallywick so the revenue dashboard shows everything? Otherwise the numbers only cover half our business.
%%
How do I skip a month for a subscriber | subscriptions how_to
A customer wants to skip next month's coffee box because she's travelling. How do I do that without cancelling her subscription?
%%
Barcode scanner support | pos inventory
Can we use a barcode scanner with Tallywick? We want to scan items at the counter and have the sale recorded.
%%
How do I change a customer's delivery address | how_to shipping
How do I change a customer's delivery address? I can only find billing address on the customer page.
%%
Low stock alerts | inventory feature_request
Is there a way to get notified when stock is low? We ran out of our best seller last week and didn't notice until customers complained.
%%
Abandoned carts | ecommerce feature_request
Do you have abandoned cart emails? Our old platform had them and they brought back quite a few sales.
%%
How do I add products in bulk | products import how_to
We have 340 products. How do I add them all at once? Is there a CSV import for products? The help page talks about importing customers only.
%%
Revenue report doesn't match our Shopify numbers | reporting shopify data_discrepancy
The revenue in your dashboard is about a third of what Shopify reports for the same month. I think it's only counting subscription boxes and not normal orders. How do I include all orders?
%%
One-time purchases show as churn | reporting orders
Every customer who buys once shows up as "churned" the next month, so our churn rate looks like 70%. They didn't churn, they just bought one candle. How do I fix this?
%%
How do I set up a subscription box with different items each month | subscriptions products how_to
Our box has different products each month. How do I set that up so the invoice lists what's in the box? Right now it just says "Monthly Box".
%%
Receipts for in-store customers | receipts pos
Can Tallywick print or email receipts for in-store purchases? Customers at the counter ask for receipts and we'd like one system for everything.
%%
Return labels | returns shipping
How do I generate a return label for a customer? We handle about 20 returns a month.
%%
Wholesale pricing | pricing wholesale how_to
We sell to a few shops at wholesale prices (40% off retail) with net-30 terms. How do I set up different price lists per customer type?
%%
How do I see today's sales? | reporting how_to
How do I see today's sales? The dashboard seems to be monthly only. In the shop we want a daily total at closing time.
%%
Product photos on invoices | invoices products
Can we show product photos on the invoice/receipt? Customers like seeing what they ordered.
%%
Why is everything called MRR? | reporting question
We're a shop, not a software company. Why is everything in MRR and ARR? Most of our revenue isn't recurring. Is there a normal sales report?
%%
How do I handle preorders | orders how_to
We're taking preorders for a product that ships in 6 weeks. How do I charge now but mark it as not shipped yet?
%%
Staff accounts for shop assistants | users pos
We have 4 part-time shop assistants. Do they each need a paid seat just to ring up sales? That would cost more than the tool itself.
%%
Can Tallywick calculate shipping by weight? | shipping how_to
Our shipping cost depends on parcel weight. Can Tallywick calculate it automatically at checkout?
%%
Discount for returning customers | discounts how_to
How do I give returning customers 10% off automatically on their third order? Is that a coupon or a rule?
%%
Cancel - doesn't fit a shop | cancel fit
We're going to cancel. We realised Tallywick is made for software subscriptions and we're a shop. Nothing wrong with it, it's just not for us. Please confirm cancellation and final invoice.
%%
How do I print a sales report for our accountant | reporting export how_to
Our accountant wants a report of all sales by product and by payment method (card, cash, gift card) for the quarter. How do I get that?
%%
Sync stock with our supplier | inventory integration
Can Tallywick sync stock levels with our supplier's feed? They send a CSV every morning.
""")

ECOM_EXTRA = lines("""
We're a small shop, not very technical, so step-by-step instructions would be great.
Sorry for all the questions, we're still figuring out how it all works.
Our busiest season starts in three weeks so we'd like to get this sorted before then.
I looked in the help center but everything talks about SaaS and subscriptions.
Our previous e-commerce platform did this out of the box.
Could you send a short video? I'm not great with written instructions.
Also, how do I do the same thing for in-store sales?
My business partner set up the account and now she's on holiday, so I'm a bit lost.
If this isn't possible, is there a workaround with a spreadsheet?
We mainly sell candles and gift boxes, if that helps.
Thank you, the support person last time was very kind.
""")

AGENCY += items("""
Client portal shows our internal notes | customer_portal bug
One of my clients could see the internal note I left on their invoice ("chase them, always late"). Awkward!! Why are notes visible in the portal? Need this hidden immediately.
%%
do you have a plan for freelancers | pricing plans
hey, I'm a freelance designer, I bill 4 clients a month. is there a freelancer plan? starter is priced like I'm a company. would happily pay like $20
%%
Our client wants a dashboard login | white_label users
Can my client log in to see a revenue dashboard for just their business, with my agency branding on it? Basically a client-facing analytics page. They'd love it and it would help us sell retainers.
%%
Late fee on client invoices | invoices late_fees how_to
A couple of clients pay 60+ days late every time. Can Tallywick add a late fee automatically? And can the reminders come from me personally instead of a generic email?
%%
Invoice in the name of my client | invoices multi_client
When I invoice my client's customers, the invoice should say my client's company name and address, not mine. Can I set a different sender per invoice?
%%
Need to change the currency for one client | multi_currency how_to
One of my clients is in Canada and wants invoices in CAD. My account is in USD. Can I have just that client in CAD? It says currency can't be changed after setup.
%%
Can you match competitor pricing? | pricing competitor discount
A simpler invoicing app quoted us $15/month for what we use. I like your product better but I can't justify 8x the price. Can you match it? Happy to send the quote.
%%
We were promised a setup call | onboarding complaint
When I signed up, the chat said someone would help us get set up. Nobody reached out. I've wasted two evenings on this. Can someone do the setup for us this week, for free given the trouble?
%%
Proposal + invoice in one | feature_request proposals
We send proposals to clients and when they sign we invoice them. Would be great if Tallywick did proposals too so we don't need two tools. Any plans? Otherwise we'll probably go with a tool that does both.
%%
Reports in my client's branding | custom_report white_label
Monthly I send each client a PDF summary of their billing. I export your charts and paste them into our template, it takes forever. Can you add a "client report" export with our logo, maybe customisable per client?
%%
Accidentally deleted a client | bug urgent
I deleted a client by mistake and all their invoices disappeared from the list. PLEASE tell me you can restore them. I have a call with them in an hour.
%%
Downgrade request | pricing downgrade
We'd like to downgrade to the cheapest possible option. If Starter is the cheapest, can you do something on price? Otherwise this is our last month.
%%
Setting up a retainer with rollover hours | retainer hourly_billing
Our retainers include 10 hours; unused hours roll over one month. How do I set that up? The usage settings seem to be for API calls and software stuff.
%%
Please stop the upsell emails | email pricing
I keep getting emails about upgrading to Growth. We can barely justify Starter. Please take us off those.
""")

AGENCY_EXTRA += lines("""
We've been customers for 6 months and this is getting tiring.
Honestly the product is beautiful, the fit just isn't there for an agency.
Sorry, this is a lot of messages from me this week.
I'd rather stay than switch tools, but the numbers have to work.
""")

AGENCY += items("""
Honest feedback before we cancel | cancel feedback pricing white_label
I want to give some honest feedback because your team has been nice to us, even if the product hasn't worked out.

We're a 4-person studio. We signed up because the invoices looked beautiful and the checkout was smooth. Then reality: we don't sell subscriptions, we sell retainers and projects. Every month I'm fighting the tool to add extra hours to a retainer. Our clients see your branding in the portal. I can't manage billing for the three clients who asked us to handle it for them without paying for three more accounts. And when something goes wrong, the answer comes the next day, which for us is too late because a client is waiting.

The 40% discount made it tolerable. It ends next month and full price is more than our project management tool and our design tool combined. So we'll cancel. If you ever build an agency plan (white-label, multi-client, cheaper), I'd honestly come back.
%%
3 things, all urgent sorry | urgent white_label invoices multi_client
sorry to dump everything in one ticket but I'm slammed.
1. the logo on the invoice is cut off AGAIN after I uploaded the new version
2. my client (the bakery one) got an invoice that shows our agency name as the sender, it needs to show THEIR name, they're the ones billing their customers
3. how do I give that client a login where they only see their own stuff and not our other clients??
I've got a call with them at 3 and I'd love to have at least #2 sorted by then. thank you!!
""")

REGULATED += items("""
Consolidated list of open pilot blockers | pilot security escalation
Dear Tallywick team,

Ahead of the steering committee on the 14th, please find below the consolidated list of open items that currently prevent the pilot from progressing to production. Each item has been raised previously.

1. Hosting: confirmation of on-premise or single-tenant private cloud deployment within our own tenancy, or a documented alternative acceptable to our CISO.
2. Data residency: all processing, including email delivery and support tooling, within the region. The current sub-processor list does not meet this.
3. Identity: SCIM provisioning for nested groups; deprovisioning within 15 minutes.
4. Logging: real-time streaming of audit events to our SIEM.
5. Controls: maker-checker approval for credit notes, price and discount changes above a threshold.
6. Commercials: enterprise licence for approximately 2,000 read-only users.

We would be grateful for a written response to each item, including dates where roadmap commitments are possible. Without these, the committee is likely to recommend closing the pilot.
""")

TRIAL += items("""
long message sorry - why I'm cancelling | cancel onboarding complexity refund
Hi, I'll explain why I'm cancelling in case it helps you. I run a small tutoring business (just me and two part-time tutors). I saw your promo in a newsletter and thought finally something to see how much I earn each month without spreadsheets. But the setup wanted me to create products, prices, plans, connect Stripe (I don't have Stripe, parents pay me by bank transfer), set up dunning (I had to google that), and map accounts for an accounting tool I don't use. I watched the welcome video twice. After three evenings I still had an empty dashboard. I'm sure it's great for real companies but it's not for someone like me. Could you refund this month's charge? I never got to use it. Thank you, and sorry for the long message.
""")

ECOM += items("""
Lots of questions from a new shop | how_to inventory shipping orders
Hi! We just signed up and I have a list, sorry:
- how do I add our products with sizes and colours?
- how do I track how many of each we have left?
- where do shipping costs go on an invoice?
- how do I refund one item from an order of three?
- can our shop assistant use it at the till without a paid seat?
- how do I see today's sales, not monthly?
We sell handmade soaps online and at two weekend markets. The salesperson said Tallywick works for e-commerce so I'm sure it's all in there somewhere, I just can't find it. Thank you so much!
""")
