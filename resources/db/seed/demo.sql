-- Astralis demo seed (`astralis-cli db seed --demo [--size N]`).
--
-- Creates two demo organizations with realistic, reproducible data in EVERY tenant table:
--   Northwind Studio  (slug northwind, ids nw_*): a design and web studio; 12 users, 4 pipelines,
--                     exactly N pipeline items and everything around them.
--   Globex Logistics  (slug globex, ids gx_*): a freight forwarder; 6 users, 3 pipelines,
--                     N/10 items (at least 20). Its data must never be visible to Northwind staff;
--                     the isolation tests need rows of both organizations in every tenant table.
--
-- Run by the console Seeder in one transaction as a privileged role, after
--   SELECT set_config('astralis.demo_size', 'N', true)
-- (an unset or empty setting means 300). base.sql is not required; task and automation
-- templates from it are linked when present. The Seeder checks for the northwind slug first;
-- this block refuses to run when either demo organization exists already.
--
-- Everything is set-based (INSERT ... SELECT over generate_series) so that N = 10000 takes
-- seconds. Pseudo-random choices come from hashtextextended() of a fixed key, so two runs
-- with the same N produce the same rows (dates are relative to the day of seeding).
-- Timestamps are UTC (Prisma DateTime = timestamp(3) without time zone); "updatedAt" has no
-- database default and is always set here. Every insert into a tenant table fires the
-- change-feed trigger (one change_log row per row).

DO $$
DECLARE
    v_size      int;
    v_now       timestamp := date_trunc('milliseconds', now() AT TIME ZONE 'UTC');
    v_today     timestamp := date_trunc('day', now() AT TIME ZONE 'UTC');
    v_k         int;

    -- per organization
    v_p         text;      -- id prefix: nw / gx
    v_org       text;
    v_orgname   text;
    v_slug      text;
    v_plan      text;
    v_domain    text;
    v_tz        text;
    v_currency  text;
    v_taxrate   numeric;
    v_phone     text;
    v_n         int;       -- pipeline items
    v_ref       int;       -- item count the stage WIP limits are sized for
    v_nin       int;       -- intake requests
    v_ntask     int;
    v_nev       int;       -- scheduling events
    v_nat       int;       -- scheduling agent tasks
    v_nbook     int;       -- audit bookings
    v_ncons     int;       -- consultations
    v_nord      int;       -- orders
    v_nsub      int;       -- newsletter subscribers
    v_nexec     int;       -- workflow executions
    v_nform     int;       -- contact forms
    v_ncall     int;       -- client calls
    v_nact      int;       -- activity log
    v_naudit    int;       -- audit log
    v_neng      int;       -- engagements

    v_unames    text[];
    v_uroles    text[];
    v_admin     text;      -- e-mail of user 1
    v_companies text[];
    v_industries text[];
    v_cities    text[];
    v_first     text[];
    v_last      text[];
    v_jobtitles text[];
    v_meetings  text[];
    v_agentreqs text[];
    v_agenttypes text[];
    v_mstitles  text[];
    v_engnames  text[];
    v_access    text[];
    v_integrations text[];
    v_calproviders text[];
    v_comments  text[];
    v_formsubjects text[];
    v_pipes     jsonb;
    v_intake    jsonb;
    v_docs      jsonb;
    v_products  jsonb;
    v_cats      jsonb;
    v_tags      jsonb;
    v_posts     jsonb;
    v_autos     jsonb;
    v_campaigns jsonb;
    v_testimonials jsonb;

    -- derived after the users are in
    v_staff     text[];    -- ADMIN, PM, OPERATOR
    v_leads     text[];    -- ADMIN, PM
    v_members   text[];    -- USER
    v_all       text[];
BEGIN
    -- The planner overestimates the jsonb_array_elements() and generate_series() row counts, so
    -- the big statements cross jit_above_cost and JIT compilation alone would take seconds.
    -- Transaction-local: the setting ends with the Seeder transaction.
    PERFORM set_config('jit', 'off', true);
    v_size := coalesce(nullif(btrim(current_setting('astralis.demo_size', true)), '')::int, 300);
    IF v_size < 1 THEN
        RAISE EXCEPTION 'astralis.demo_size must be a positive number of pipeline items, not %', v_size;
    END IF;
    IF EXISTS (SELECT 1 FROM organization WHERE slug IN ('northwind', 'globex')) THEN
        RAISE EXCEPTION 'the demo organizations (northwind, globex) exist already';
    END IF;

    FOR v_k IN 1..2 LOOP
        IF v_k = 1 THEN
            -- ════════════════════════════ Northwind Studio ════════════════════════════
            v_p := 'nw'; v_org := 'nw_org'; v_orgname := 'Northwind Studio'; v_slug := 'northwind';
            v_plan := 'PROFESSIONAL'; v_domain := 'northwind.example'; v_tz := 'America/New_York';
            v_currency := 'USD'; v_taxrate := 0.08; v_phone := '+1 212 555 0';
            v_n := v_size; v_ref := 300;
            v_neng := 7;
            v_admin := 'demo@northwind.example';
            v_unames := ARRAY['Dana Demo', 'Priya Raman', 'Marcus Chen', 'Sofia Alvarez', 'Jonah Fischer',
                              'Amara Okafor', 'Liam Byrne', 'Grace Kim', 'Hannah Weiss', 'Tomás Rivera',
                              'Yuki Tanaka', 'Noah Williams'];
            v_uroles := ARRAY['ADMIN', 'PM', 'PM', 'OPERATOR', 'OPERATOR', 'OPERATOR', 'OPERATOR', 'OPERATOR',
                              'USER', 'USER', 'USER', 'USER'];
            v_companies := ARRAY['Lumen Coffee Roasters', 'Harbor & Pine', 'Brightline Dental', 'Kestrel Outdoor',
                                 'Maple Street Bakery', 'Orbit Fitness', 'Quill & Ink Publishing', 'Redwood Legal',
                                 'Saffron Kitchen', 'Tidewater Realty', 'Urban Sprout', 'Verity Health',
                                 'Willow Creek Winery', 'Atlas Robotics', 'Beacon Credit Union', 'Driftwood Hotels'];
            v_industries := ARRAY['Food & Beverage', 'Interior Design', 'Healthcare', 'Retail', 'Food & Beverage',
                                  'Fitness', 'Publishing', 'Legal Services', 'Hospitality', 'Real Estate', 'Agriculture',
                                  'Healthcare', 'Food & Beverage', 'Manufacturing', 'Financial Services', 'Hospitality'];
            v_cities := ARRAY['Brooklyn, NY', 'Hoboken, NJ', 'Stamford, CT', 'Burlington, VT', 'Providence, RI',
                              'Philadelphia, PA', 'Boston, MA', 'Albany, NY'];
            v_first := ARRAY['Olivia', 'Ethan', 'Maya', 'Lucas', 'Chloe', 'Daniel', 'Zoe', 'Samuel', 'Isla', 'Adrian',
                             'Nora', 'Felix', 'Ruby', 'Owen', 'Leah', 'Caleb', 'Aisha', 'Mateo', 'Ivy', 'Julian'];
            v_last := ARRAY['Bennett', 'Hughes', 'Patel', 'Morales', 'Foster', 'Nguyen', 'Sullivan', 'Brooks',
                            'Ramirez', 'Coleman', 'Park', 'Jensen', 'Murphy', 'Reyes', 'Hayes', 'Lindgren'];
            v_jobtitles := ARRAY['Founder', 'Marketing Director', 'Operations Manager', 'Head of Finance',
                                 'Brand Manager', 'Office Manager', 'CEO', 'Digital Lead'];
            v_meetings := ARRAY['Kick-off: %s', 'Design review with %s', 'Discovery call: %s', 'Weekly studio stand-up',
                                'Proposal walkthrough for %s', 'Content workshop (%s)', 'Launch retro: %s',
                                'Portfolio review', 'Quarterly business review: %s'];
            v_agentreqs := ARRAY['Can we meet next Tuesday afternoon to go over the homepage designs?',
                                 'Please move our Thursday review to Friday morning if possible.',
                                 'We need to cancel tomorrow''s call, something came up.',
                                 'Is anyone free for a 30 minute call this week about the logo options?',
                                 'Could you set up a kick-off with our marketing team in the first week of next month?',
                                 'Remind me to send the brand assets before the launch.',
                                 'What does your availability look like for a half-day workshop?',
                                 'Can we add our CFO to Monday''s proposal walkthrough?'];
            v_agenttypes := ARRAY['SCHEDULE_MEETING', 'RESCHEDULE_MEETING', 'CANCEL_MEETING', 'CHECK_AVAILABILITY',
                                  'SCHEDULE_MEETING', 'REMINDER', 'CHECK_AVAILABILITY', 'UPDATE_TASK'];
            v_engnames := ARRAY['Website redesign', 'Brand identity refresh', 'Shopify store build', 'SEO and content retainer',
                                'Design system', 'Mobile app MVP', 'Annual report design'];
            v_mstitles := ARRAY['Discovery & strategy', 'Design', 'Build', 'Launch & handover'];
            v_access := ARRAY['GITHUB', 'ANALYTICS', 'CLOUD', 'PM_TOOL'];
            v_integrations := ARRAY['SLACK', 'GMAIL', 'STRIPE', 'GOOGLE_DRIVE'];
            v_calproviders := ARRAY['GOOGLE', 'OUTLOOK'];
            v_comments := ARRAY['Great read, sharing this with our team.', 'We went through exactly this last year. Wish we had read it then!',
                                'Could you write a follow-up about budgeting for this?', 'The checklist at the end is really useful.',
                                'How long does a project like this usually take?', 'Bookmarked. Thanks for the practical examples.'];
            v_formsubjects := ARRAY['Website redesign inquiry', 'Question about the Website Care Plan', 'Speaking invitation',
                                    'Internship application', 'Do you work with non-profits?', 'Quote for packaging design'];
            v_pipes := '[
              {"key": "sales", "name": "New Business", "type": "SALES", "template": "sales.lead-qualification",
               "description": "Inbound inquiries and proposals, from the first call to a signed statement of work.",
               "fmt": "%2$s — %1$s", "dfmt": "%1$s for %2$s. Main contact: %4$s. Next step agreed on the last call.",
               "topics": ["Website redesign", "Brand identity refresh", "Shopify store build", "Mobile app MVP", "SEO and content retainer",
                          "Product launch campaign", "Packaging design", "Annual report design", "UX audit", "Design system",
                          "Webflow migration", "Explainer video"],
               "tags": ["inbound", "referral", "retainer", "enterprise", "small-business", "rfp"],
               "tasks": ["Send revised proposal", "Book discovery call", "Prepare estimate", "Chase signature on SOW",
                         "Share case studies", "Check budget with client"],
               "stages": [
                 {"key": "inquiry", "name": "Inquiry", "color": "#868e96", "w": 26, "desc": "New inquiry, not yet qualified."},
                 {"key": "discovery", "name": "Discovery", "color": "#15aabf", "w": 18, "wip": 20, "desc": "Discovery call booked or held."},
                 {"key": "proposal", "name": "Proposal Sent", "color": "#4c6ef5", "w": 12, "wip": 15, "desc": "Proposal and estimate with the client."},
                 {"key": "negotiation", "name": "Negotiation", "color": "#f59f00", "w": 6, "wip": 8, "desc": "Scope and price under discussion."},
                 {"key": "won", "name": "Won", "color": "#40c057", "w": 14, "t": true, "desc": "Statement of work signed."},
                 {"key": "lost", "name": "Lost", "color": "#fa5252", "w": 9, "t": true, "desc": "Declined or went elsewhere."}]},
              {"key": "production", "name": "Studio Production", "type": "INTERNAL", "template": null,
               "description": "Design and development work for signed clients.",
               "fmt": "%1$s (%2$s)", "dfmt": "%1$s for %2$s. Brief and assets are in the shared drive; feedback from %4$s.",
               "topics": ["Homepage hero animation", "Checkout flow wireframes", "Logo variations", "Blog template",
                          "Product photo retouching", "Newsletter template", "Accessibility fixes", "Landing page copy",
                          "Icon set", "CMS migration", "Core Web Vitals pass", "Style guide PDF", "Social media kit",
                          "Menu page redesign"],
               "tags": ["design", "frontend", "copy", "motion", "accessibility", "cms"],
               "tasks": ["Review designs", "Collect client feedback", "Export assets", "Write release notes",
                         "QA on mobile", "Update estimate"],
               "stages": [
                 {"key": "backlog", "name": "Backlog", "color": "#adb5bd", "w": 30},
                 {"key": "briefing", "name": "Briefing", "color": "#748ffc", "w": 10, "wip": 15},
                 {"key": "design", "name": "Design", "color": "#7950f2", "w": 14, "wip": 20},
                 {"key": "build", "name": "Build", "color": "#4c6ef5", "w": 16, "wip": 18},
                 {"key": "client-review", "name": "Client Review", "color": "#f59f00", "w": 8, "wip": 6},
                 {"key": "qa", "name": "QA", "color": "#e64980", "w": 5, "wip": 5},
                 {"key": "shipped", "name": "Shipped", "color": "#40c057", "w": 22, "t": true}]},
              {"key": "support", "name": "Client Support", "type": "SUPPORT", "template": "support.bug-report",
               "description": "Requests and incidents from clients on care plans.",
               "fmt": "%1$s — %2$s", "dfmt": "Reported by %4$s (%2$s): %1$s.",
               "topics": ["Contact form not sending e-mails", "SSL certificate expiring", "Broken image on product page",
                          "Update team photos", "Site slow on mobile", "Checkout error 500", "Add new blog author",
                          "Analytics stopped tracking", "Typo on pricing page", "DNS change for new domain",
                          "Password reset for editor account"],
               "tags": ["bug", "content-change", "hosting", "urgent", "question"],
               "tasks": ["Reproduce issue", "Update client", "Check server logs", "Deploy fix", "Confirm with client"],
               "stages": [
                 {"key": "new", "name": "New", "color": "#868e96", "w": 10},
                 {"key": "triage", "name": "Triage", "color": "#15aabf", "w": 8, "wip": 15},
                 {"key": "in-progress", "name": "In Progress", "color": "#4c6ef5", "w": 9, "wip": 8},
                 {"key": "waiting", "name": "Waiting on Client", "color": "#fab005", "w": 6},
                 {"key": "resolved", "name": "Resolved", "color": "#40c057", "w": 25, "t": true}]},
              {"key": "billing", "name": "Invoicing", "type": "BILLING", "template": "billing.invoice-dispute",
               "description": "Invoices from draft to payment.",
               "fmt": "INV-2026-%3$s · %1$s — %2$s", "dfmt": "%1$s for %2$s. Send to %4$s.",
               "topics": ["Milestone invoice", "Monthly retainer", "Hosting renewal", "Change request", "Final payment",
                          "Deposit (30%)"],
               "tags": ["retainer", "milestone", "hosting", "deposit"],
               "tasks": ["Send payment reminder", "Issue credit note", "Check timesheets", "Call accounts payable"],
               "stages": [
                 {"key": "draft", "name": "Draft", "color": "#868e96", "w": 6},
                 {"key": "sent", "name": "Sent", "color": "#4c6ef5", "w": 10},
                 {"key": "overdue", "name": "Overdue", "color": "#fd7e14", "w": 5, "wip": 15},
                 {"key": "paid", "name": "Paid", "color": "#40c057", "w": 22, "t": true},
                 {"key": "written-off", "name": "Written Off", "color": "#495057", "w": 1, "t": true}]}
            ]';
            v_intake := '[
              {"t": "Quote for a new website", "p": "sales", "r": "Asks for a price for new design work.",
               "b": "Hi, we are a 20-person dental practice and our website is ten years old. Could you send us a rough quote for a redesign with online booking?"},
              {"t": "Contact form on our site stopped sending e-mails", "p": "support", "r": "Reports a defect on a site under a care plan.",
               "b": "Since Monday nothing from the contact form reaches our inbox. Customers say the form shows a success message."},
              {"t": "Question about invoice INV-2026-0107", "p": "billing", "r": "Questions an amount on an invoice.",
               "b": "The invoice lists 14 hours of revisions, but we agreed on 10 in the estimate. Could you check?"},
              {"t": "Logo for our new coffee shop", "p": "sales", "r": "New branding project.",
               "b": "We are opening a second location in the spring and want a refreshed logo and signage. What would that cost?"},
              {"t": "Can we move the Thursday design review?", "p": "production", "r": "Concerns a running project schedule.",
               "b": "Our CEO is travelling on Thursday. Could we do the review on Friday morning instead?"},
              {"t": "Please add a Spanish version of the menu page", "p": "production", "r": "Change request on a signed project.",
               "b": "We have the translations ready and attached them as a Word file."},
              {"t": "Site is very slow on phones", "p": "support", "r": "Performance incident on a live site.",
               "b": "Our homepage takes 8 seconds to load on mobile data. Did something change?"},
              {"t": "Partnership inquiry from a video agency", "p": "sales", "r": "Business development request.",
               "b": "We produce product videos and are looking for a design partner for our e-commerce clients."},
              {"t": "Copy of our signed contract", "p": "billing", "r": "Administrative request about a contract.",
               "b": "Our auditor needs a copy of the signed service agreement from last year."},
              {"t": "New team photos for the About page", "p": "production", "r": "Content update within scope.",
               "b": "Photos of our three new hires are in the Dropbox folder. Please replace the old ones."},
              {"t": "Checkout shows error 500 since this morning", "p": "support", "r": "Urgent defect affecting revenue.",
               "b": "Customers cannot complete orders. The error appears after entering the card details."},
              {"t": "Refund for the cancelled photo shoot", "p": "billing", "r": "Refund request.",
               "b": "We cancelled the product photo session two weeks in advance; please refund the deposit."}
            ]';
            v_docs := '[
              {"file": "invoice-2026-114.pdf", "mime": "application/pdf", "size": 48213, "status": "COMPLETED", "conf": 97.2,
               "title": "Invoice 2026-114 — Lumen Coffee Roasters", "type": "invoice", "pages": 1,
               "ocr": "NORTHWIND STUDIO\n48 Water Street, Brooklyn, NY 11201\n\nINVOICE 2026-114\nDate: 2026-03-02   Due: 2026-04-01\nBill to: Lumen Coffee Roasters, Accounts Payable\n\nBrand identity refresh, milestone 2 (design)   1 x 4,800.00\nAdditional revision round   6 h x 120.00 = 720.00\n\nSubtotal 5,520.00\nSales tax 8% 441.60\nTotal due USD 5,961.60\n\nPlease pay by bank transfer within 30 days. Thank you for your business.",
               "extracted": {"invoiceNumber": "2026-114", "total": 5961.60, "currency": "USD", "dueDate": "2026-04-01", "customer": "Lumen Coffee Roasters"}},
              {"file": "service-agreement.pdf", "mime": "application/pdf", "size": 182734, "status": "COMPLETED", "conf": 98.6,
               "title": "Service agreement — Harbor & Pine website redesign", "type": "contract", "pages": 6,
               "ocr": "SERVICE AGREEMENT\nbetween Northwind Studio LLC (the Studio) and Harbor & Pine Interiors Inc. (the Client)\n\n1. Scope. The Studio will redesign and build the Client website as described in Schedule A: discovery, design, build on Webflow, launch and 30 days of support.\n\n2. Fees. Fixed fee of USD 24,000, invoiced in four milestones of USD 6,000.\n\n3. Timeline. Work starts on the effective date and launch is planned twelve weeks later.\n\n4. Intellectual property. On full payment all rights in the deliverables pass to the Client.\n\n5. Termination. Either party may terminate with 30 days written notice; work done so far is billed.",
               "extracted": {"parties": ["Northwind Studio LLC", "Harbor & Pine Interiors Inc."], "fee": 24000, "currency": "USD", "termWeeks": 12}},
              {"file": "scan-delivery-note.png", "mime": "image/png", "size": 1245320, "status": "COMPLETED", "conf": 84.1,
               "title": "Delivery note — printed brand brochures", "type": "delivery note", "pages": 1,
               "ocr": "PRINTWORKS NYC   DELIVERY NOTE DN-20931\nDelivered to: Northwind Studio, 48 Water Street\n\n500 x Brochure A5, 16 pages, matte\n200 x Business cards (5 designs)\n\nReceived in good condition. Signature: G. Kim",
               "extracted": {"deliveryNote": "DN-20931", "supplier": "Printworks NYC", "items": 2}},
              {"file": "scan-receipt.png", "mime": "image/png", "size": 623118, "status": "FAILED", "conf": 38.0,
               "title": "Receipt — studio supplies", "type": "receipt", "pages": 1,
               "error": "OCR confidence too low (38%): the scan is blurred. Upload a sharper image or enter the fields by hand."},
              {"file": "quarterly-report.pdf", "mime": "application/pdf", "size": 356902, "status": "PENDING",
               "title": "Quarterly report Q1 2026", "type": "report", "pages": 14}
            ]';
            v_cats := '[
              {"slug": "branding", "name": "Branding", "desc": "Logos, identities and guidelines."},
              {"slug": "web", "name": "Web Design & Development", "desc": "Websites, stores and care plans."},
              {"slug": "marketing", "name": "Marketing", "desc": "Campaigns, content and SEO."},
              {"slug": "templates", "name": "Templates", "desc": "Ready-made digital templates."}]';
            v_tags := '[
              {"slug": "design", "name": "Design"}, {"slug": "development", "name": "Development"},
              {"slug": "strategy", "name": "Strategy"}, {"slug": "templates", "name": "Templates"},
              {"slug": "ecommerce", "name": "E-commerce"}, {"slug": "accessibility", "name": "Accessibility"},
              {"slug": "seo", "name": "SEO"}, {"slug": "workshops", "name": "Workshops"}]';
            v_products := '[
              {"slug": "brand-identity-starter", "title": "Brand Identity Starter", "price": 2400, "type": "SERVICE", "delivery": "DESIGN", "duration": "PROJECT_BASED", "cat": "branding", "featured": true,
               "short": "Logo, colour palette, typography and a one-page guide.", "features": ["Three logo concepts", "Two revision rounds", "Colour and type system", "One-page brand guide"], "tags": ["design", "strategy"]},
              {"slug": "logo-design", "title": "Logo Design", "price": 950, "type": "SERVICE", "delivery": "DESIGN", "duration": "ONE_TIME", "cat": "branding",
               "short": "A distinctive logo with files for print and web.", "features": ["Two concepts", "Vector and PNG files", "Favicon"], "tags": ["design"]},
              {"slug": "website-care-plan", "title": "Website Care Plan", "price": 290, "type": "SERVICE", "delivery": "MAINTENANCE", "duration": "MONTHLY", "cat": "web", "featured": true,
               "short": "Updates, backups, uptime monitoring and two hours of changes a month.", "features": ["Weekly backups", "Security updates", "Uptime monitoring", "2 h of content changes"], "tags": ["development"]},
              {"slug": "landing-page-build", "title": "Landing Page Build", "price": 1800, "type": "SERVICE", "delivery": "DEVELOPMENT", "duration": "PROJECT_BASED", "cat": "web",
               "short": "A fast, accessible landing page for your next launch.", "features": ["Design and build", "Analytics set-up", "A/B test ready"], "tags": ["development", "design"]},
              {"slug": "ux-audit", "title": "UX Audit", "price": 1200, "type": "SERVICE", "delivery": "CONSULTATION", "duration": "ONE_TIME", "cat": "web",
               "short": "An expert review of your site with a prioritised fix list.", "features": ["Heuristic review", "Accessibility check", "Prioritised report"], "tags": ["accessibility", "strategy"]},
              {"slug": "design-sprint-workshop", "title": "Design Sprint Workshop", "price": 3200, "type": "SERVICE", "delivery": "TRAINING", "duration": "DAILY", "cat": "marketing",
               "short": "A facilitated day to go from problem to tested prototype.", "features": ["Facilitation", "Prototype", "User test plan"], "tags": ["workshops", "strategy"]},
              {"slug": "social-media-kit", "title": "Social Media Template Kit", "price": 79, "type": "PRODUCT", "delivery": "DIGITAL", "duration": "ONE_TIME", "cat": "templates", "featured": true,
               "short": "40 editable templates for Instagram and LinkedIn.", "features": ["40 templates", "Figma and Canva files"], "tags": ["templates", "design"]},
              {"slug": "pitch-deck-template", "title": "Pitch Deck Template", "price": 49, "type": "PRODUCT", "delivery": "DIGITAL", "duration": "ONE_TIME", "cat": "templates",
               "short": "A 24-slide investor deck in Keynote, PowerPoint and Google Slides.", "features": ["24 slides", "Three colour themes"], "tags": ["templates"]},
              {"slug": "newsletter-template", "title": "E-mail Newsletter Template", "price": 59, "type": "PRODUCT", "delivery": "DIGITAL", "duration": "ONE_TIME", "cat": "templates",
               "short": "Responsive newsletter templates tested in 40 e-mail clients.", "features": ["6 layouts", "Dark mode ready"], "tags": ["templates", "ecommerce"]},
              {"slug": "seo-consultation", "title": "SEO Consultation (hourly)", "price": 150, "type": "SERVICE", "delivery": "CONSULTATION", "duration": "HOURLY", "cat": "marketing",
               "short": "One-to-one advice on search visibility.", "features": ["Keyword review", "Technical checks"], "tags": ["seo"]},
              {"slug": "brand-basics-workshop-seat", "title": "Brand Basics Workshop (seat)", "price": 180, "type": "PRODUCT", "delivery": "TRAINING", "duration": "ONE_TIME", "cat": "marketing", "stock": 14,
               "short": "A half-day group workshop for founders, in our Brooklyn studio.", "features": ["Half day", "Workbook included"], "tags": ["workshops"]}]';
            v_posts := '[
              {"slug": "five-signs-your-website-needs-a-redesign", "title": "Five signs your website needs a redesign", "status": "PUBLISHED", "cat": "web", "tags": ["design", "seo"], "days": 64,
               "excerpt": "Slow pages, a confusing menu and a contact form nobody uses: how to tell it is time for a new site."},
              {"slug": "how-we-run-a-one-week-design-sprint", "title": "How we run a one-week design sprint", "status": "PUBLISHED", "cat": "marketing", "tags": ["workshops", "strategy"], "days": 41,
               "excerpt": "Monday to Friday, from a fuzzy problem to a prototype tested with five real customers."},
              {"slug": "accessibility-is-not-a-checkbox", "title": "Accessibility is not a checkbox", "status": "PUBLISHED", "cat": "web", "tags": ["accessibility", "development"], "days": 23,
               "excerpt": "What WCAG 2.2 means for small businesses, and the five fixes that help most people."},
              {"slug": "choosing-a-typeface-for-your-brand", "title": "Choosing a typeface for your brand", "status": "PUBLISHED", "cat": "branding", "tags": ["design"], "days": 9,
               "excerpt": "Serif or sans, licensing traps, and why your typeface should work at 12 pixels."},
              {"slug": "shopify-or-woocommerce", "title": "Shopify or WooCommerce?", "status": "DRAFT", "cat": "web", "tags": ["ecommerce", "development"], "days": 2,
               "excerpt": "We have built stores on both. Here is how we help clients choose."},
              {"slug": "our-year-in-review", "title": "Our year in review", "status": "ARCHIVED", "cat": "marketing", "tags": ["strategy"], "days": 420,
               "excerpt": "Thirty launches, two new team members and one very large coffee machine."}]';
            v_autos := '[
              {"key": "urgent-intake-slack", "name": "Urgent intake to #studio-inbox", "trigger": "INTAKE_CREATED", "template": "automation.intake-slack-alert", "event": "intake.created", "active": true,
               "desc": "Posts intake requests with priority 2 or higher to Slack."},
              {"key": "support-mail-intake", "name": "support@ mailbox to intake", "trigger": "EMAIL_RECEIVED", "template": "automation.gmail-to-intake", "event": "email.received", "active": true,
               "desc": "Creates an intake request for every e-mail to support@northwind.example."},
              {"key": "overdue-reminders", "name": "Monday overdue invoice reminders", "trigger": "SCHEDULE", "template": "automation.overdue-invoice-reminder", "cron": "0 8 * * 1", "active": true,
               "desc": "Sends a friendly reminder for invoices in the Overdue stage."},
              {"key": "won-to-drive", "name": "Create client folder when a deal is won", "trigger": "PIPELINE_STAGE_CHANGED", "template": null, "event": "pipeline.stage_changed", "active": false,
               "desc": "Creates a Google Drive folder structure for new clients (paused while the folder template is revised)."}]';
            v_campaigns := '[
              {"name": "Studio notes — {month}", "subject": "What we shipped in {month}", "pre": "Two launches, one rebrand and a new care plan.", "status": "SENT", "days": -38},
              {"name": "Website Care Plans launch", "subject": "Introducing Website Care Plans", "pre": "Backups, updates and monitoring from USD 290 a month.", "status": "SENT", "days": -12},
              {"name": "Spring workshop dates", "subject": "Brand Basics workshops: spring dates", "pre": "Fourteen seats per session.", "status": "SCHEDULED", "days": 5},
              {"name": "Studio notes — {month}", "subject": "What we shipped in {month}", "pre": "Three launches and a new face in the studio.", "status": "DRAFT", "days": 20},
              {"name": "Template sale", "subject": "30% off all templates this weekend", "pre": "Social media kit, pitch deck and more.", "status": "CANCELLED", "days": -3}]';
            v_testimonials := '[
              {"name": "Olivia Bennett", "title": "Founder", "company": "Lumen Coffee Roasters", "rating": 5, "featured": true,
               "text": "Northwind gave our roastery a brand that finally looks like the coffee tastes. Sales of our retail bags doubled."},
              {"name": "Daniel Nguyen", "title": "Marketing Director", "company": "Harbor & Pine", "rating": 5, "featured": true,
               "text": "Clear process, honest estimates and a site our team can update themselves."},
              {"name": "Leah Hayes", "title": "Practice Manager", "company": "Brightline Dental", "rating": 4, "featured": false,
               "text": "Online booking went live in six weeks. Patients love it."},
              {"name": "Owen Murphy", "title": "CEO", "company": "Atlas Robotics", "rating": 5, "featured": false,
               "text": "They turned a very technical product into a story investors understood."}]';
        ELSE
            -- ════════════════════════════ Globex Logistics ════════════════════════════
            v_p := 'gx'; v_org := 'gx_org'; v_orgname := 'Globex Logistics'; v_slug := 'globex';
            v_plan := 'STARTER'; v_domain := 'globex.example'; v_tz := 'Europe/Berlin';
            v_currency := 'EUR'; v_taxrate := 0.19; v_phone := '+49 40 5550 1';
            v_n := greatest(v_size / 10, 20); v_ref := 30;
            v_neng := 3;
            v_admin := 'staff@globex.example';
            v_unames := ARRAY['Gil Globex', 'Katrin Vogel', 'Piotr Nowak', 'Lena Hoffmann', 'Mehmet Yilmaz', 'Sara Lindqvist'];
            v_uroles := ARRAY['ADMIN', 'PM', 'OPERATOR', 'OPERATOR', 'USER', 'USER'];
            v_companies := ARRAY['Nordhafen Steel', 'Rhine Valley Foods', 'Alpenglow Pharma', 'Danube Textiles',
                                 'Elbe Auto Parts', 'Baltic Timber', 'Moselle Wines', 'Isar Electronics'];
            v_industries := ARRAY['Metals', 'Food & Beverage', 'Pharmaceuticals', 'Textiles', 'Automotive', 'Forestry',
                                  'Food & Beverage', 'Electronics'];
            v_cities := ARRAY['Hamburg', 'Bremen', 'Munich', 'Leipzig', 'Cologne', 'Duisburg', 'Stuttgart', 'Hanover'];
            v_first := ARRAY['Jonas', 'Anna', 'Lukas', 'Marie', 'Felix', 'Sophie', 'Tobias', 'Clara', 'Jan', 'Emilia',
                             'Moritz', 'Hanna'];
            v_last := ARRAY['Schmidt', 'Becker', 'Wagner', 'Keller', 'Braun', 'Richter', 'Klein', 'Wolf', 'Neumann',
                            'Schwarz'];
            v_jobtitles := ARRAY['Logistics Manager', 'Head of Supply Chain', 'Purchasing Lead', 'Plant Manager',
                                 'Export Coordinator', 'CFO'];
            v_meetings := ARRAY['Carrier review: %s', 'Quarterly KPI review with %s', 'Warehouse visit (%s)',
                                'Dispatch planning', 'Rate negotiation: %s', 'Claims call with %s'];
            v_agentreqs := ARRAY['Can we do the KPI review on Wednesday at 10?',
                                 'Please postpone the warehouse visit by one week.',
                                 'Who is free tomorrow for a call about the Basel cold-chain tender?',
                                 'Cancel Friday''s dispatch planning, the team is at the trade fair.',
                                 'Remind me to send the customs forms for shipment GX-0042.',
                                 'Set up a call with Rhine Valley Foods about the missing cartons.'];
            v_agenttypes := ARRAY['SCHEDULE_MEETING', 'RESCHEDULE_MEETING', 'CHECK_AVAILABILITY', 'CANCEL_MEETING',
                                  'REMINDER', 'SCHEDULE_MEETING'];
            v_engnames := ARRAY['Contract logistics', 'Cold-chain pilot', 'Customs outsourcing'];
            v_mstitles := ARRAY['Route analysis', 'Pilot shipments', 'Full rollout', 'Quarterly review'];
            v_access := ARRAY['PM_TOOL', 'OTHER', 'DATABASE', 'ANALYTICS'];
            v_integrations := ARRAY['OUTLOOK', 'MICROSOFT_TEAMS'];
            v_calproviders := ARRAY['MICROSOFT'];
            v_comments := ARRAY['Very helpful summary, thank you.', 'Does this also apply to shipments to Switzerland?',
                                'We printed this for our dispatch team.'];
            v_formsubjects := ARRAY['Rate request', 'Warehousing capacity', 'Job application: truck driver', 'Tender invitation'];
            v_pipes := '[
              {"key": "sales", "name": "Freight Sales", "type": "SALES", "template": "sales.lead-qualification",
               "description": "Rate requests and tenders from shippers.",
               "fmt": "%2$s: %1$s", "dfmt": "%1$s. Shipper: %2$s, contact %4$s.",
               "topics": ["FTL Hamburg to Milan, weekly", "LTL groupage Rotterdam to Vienna", "Cold-chain Basel to Warsaw",
                          "Warehousing, 400 pallet places", "Customs brokerage for UK imports", "Air freight Frankfurt to Chicago",
                          "Container drayage Bremerhaven", "Cross-dock Leipzig"],
               "tags": ["tender", "spot", "contract", "cold-chain"],
               "tasks": ["Send rate sheet", "Check carrier capacity", "Call shipper", "Prepare tender response"],
               "stages": [
                 {"key": "lead", "name": "Lead", "color": "#868e96", "w": 20},
                 {"key": "quote-requested", "name": "Quote Requested", "color": "#15aabf", "w": 14, "wip": 15},
                 {"key": "quote-sent", "name": "Quote Sent", "color": "#4c6ef5", "w": 10, "wip": 10},
                 {"key": "won", "name": "Won", "color": "#40c057", "w": 12, "t": true},
                 {"key": "lost", "name": "Lost", "color": "#fa5252", "w": 8, "t": true}]},
              {"key": "shipments", "name": "Shipments", "type": "CUSTOM", "template": null,
               "description": "Every booked shipment from pickup to proof of delivery.",
               "fmt": "GX-%3$s · %1$s for %2$s", "dfmt": "%1$s, booked by %4$s at %2$s.",
               "topics": ["12 pallets of steel coils", "3 containers of textiles", "Temperature-controlled vaccines",
                          "Spare parts (express)", "Machine components, 8 crates", "Retail goods, 26 pallets", "Timber, 2 trailers"],
               "tags": ["express", "adr", "reefer", "oversize"],
               "tasks": ["Confirm pickup slot", "Send customs documents", "Update ETA", "Collect proof of delivery"],
               "stages": [
                 {"key": "booked", "name": "Booked", "color": "#868e96", "w": 10},
                 {"key": "picked-up", "name": "Picked Up", "color": "#15aabf", "w": 8},
                 {"key": "in-transit", "name": "In Transit", "color": "#4c6ef5", "w": 14},
                 {"key": "customs", "name": "Customs", "color": "#7950f2", "w": 6, "wip": 12},
                 {"key": "out-for-delivery", "name": "Out for Delivery", "color": "#f59f00", "w": 5},
                 {"key": "exception", "name": "Exception", "color": "#fa5252", "w": 3, "wip": 5},
                 {"key": "delivered", "name": "Delivered", "color": "#40c057", "w": 30, "t": true}]},
              {"key": "claims", "name": "Claims & Damages", "type": "SUPPORT", "template": "support.bug-report",
               "description": "Damage, loss and delay claims.",
               "fmt": "%1$s — %2$s", "dfmt": "%1$s reported by %4$s (%2$s). Photos requested.",
               "topics": ["Damaged pallet on arrival", "Missing cartons", "Late delivery penalty", "Temperature excursion",
                          "Delivered to wrong address", "Crushed packaging", "Customs hold caused delay"],
               "tags": ["damage", "loss", "delay"],
               "tasks": ["Request photos", "Contact carrier", "Calculate settlement", "Inform insurer"],
               "stages": [
                 {"key": "reported", "name": "Reported", "color": "#868e96", "w": 6},
                 {"key": "investigating", "name": "Investigating", "color": "#4c6ef5", "w": 5, "wip": 10},
                 {"key": "awaiting-documents", "name": "Awaiting Documents", "color": "#fab005", "w": 4},
                 {"key": "settled", "name": "Settled", "color": "#40c057", "w": 8, "t": true},
                 {"key": "rejected", "name": "Rejected", "color": "#495057", "w": 3, "t": true}]}
            ]';
            v_intake := '[
              {"t": "Rate request: 6 pallets Munich to Lyon", "p": "sales", "r": "Asks for a price for a new shipment.",
               "b": "Six euro pallets, 2.4 t in total, pickup next Tuesday. Please quote door to door."},
              {"t": "Where is shipment GX-0042?", "p": "shipments", "r": "Status question about a booked shipment.",
               "b": "The consignee has not received the goods yet. Can you send the current ETA?"},
              {"t": "Damaged goods on delivery in Prague", "p": "claims", "r": "Damage claim.",
               "b": "Two pallets arrived with broken stretch wrap and crushed cartons. Photos attached."},
              {"t": "Customs documents for UK export", "p": "shipments", "r": "Documents needed for a shipment.",
               "b": "Please send the export declaration and the commercial invoice template for our UK consignment."},
              {"t": "Quote for monthly groupage to Vienna", "p": "sales", "r": "Recurring freight inquiry.",
               "b": "We ship about 10 pallets a month to Vienna and would like a fixed rate."},
              {"t": "Claim for missing cartons (DN-48213)", "p": "claims", "r": "Loss claim with a delivery note.",
               "b": "The delivery note lists 48 cartons, we counted 45 at unloading."},
              {"t": "Pickup time change", "p": "shipments", "r": "Change to a booked pickup.",
               "b": "Our loading dock is closed on Friday afternoon; can the truck come before 12:00?"},
              {"t": "Tender invitation: annual freight contract", "p": "sales", "r": "Tender for contract business.",
               "b": "Please find our tender documents for 2026-2027 attached. Deadline for offers is the end of the month."}
            ]';
            v_docs := '[
              {"file": "scan-delivery-note.png", "mime": "image/png", "size": 1245320, "status": "COMPLETED", "conf": 88.3,
               "title": "Delivery note DN-48213 — Rhine Valley Foods", "type": "delivery note", "pages": 1,
               "ocr": "GLOBEX LOGISTICS GmbH   DELIVERY NOTE DN-48213\nShipper: Rhine Valley Foods, Mainz\nConsignee: Frischmarkt Prag s.r.o.\n\n48 cartons, 4 pallets, 1,320 kg\n\nReceived: 45 cartons. Remarks: 3 cartons missing.",
               "extracted": {"deliveryNote": "DN-48213", "cartons": 48, "received": 45}},
              {"file": "scan-receipt.png", "mime": "image/png", "size": 623118, "status": "PENDING",
               "title": "Fuel receipt — truck HH-GX 2214", "type": "receipt", "pages": 1}
            ]';
            v_cats := '[
              {"slug": "freight-services", "name": "Freight services", "desc": "Transport and warehousing."},
              {"slug": "training", "name": "Training", "desc": "Courses for shippers."},
              {"slug": "digital", "name": "Digital services", "desc": "Tracking and data."}]';
            v_tags := '[
              {"slug": "customs", "name": "Customs"}, {"slug": "warehousing", "name": "Warehousing"},
              {"slug": "api", "name": "API"}, {"slug": "compliance", "name": "Compliance"}]';
            v_products := '[
              {"slug": "pallet-storage", "title": "Pallet storage (per pallet, monthly)", "price": 18.50, "type": "SERVICE", "delivery": "MAINTENANCE", "duration": "MONTHLY", "cat": "freight-services", "featured": true,
               "short": "Racked storage in our Leipzig warehouse.", "features": ["24/7 CCTV", "Weekly stock report"], "tags": ["warehousing"]},
              {"slug": "customs-documentation", "title": "Customs documentation package", "price": 180, "type": "SERVICE", "delivery": "CONSULTATION", "duration": "ONE_TIME", "cat": "freight-services",
               "short": "Export declaration, EUR.1 and commercial invoice check.", "features": ["Export declaration", "Origin certificate"], "tags": ["customs", "compliance"]},
              {"slug": "adr-training", "title": "Dangerous goods (ADR) training", "price": 690, "type": "SERVICE", "delivery": "TRAINING", "duration": "DAILY", "cat": "training",
               "short": "One-day course for shipping staff, with certificate.", "features": ["Certificate", "Lunch included"], "tags": ["compliance"]},
              {"slug": "tracking-api", "title": "Shipment tracking API", "price": 99, "type": "PRODUCT", "delivery": "DIGITAL", "duration": "MONTHLY", "cat": "digital",
               "short": "Real-time status webhooks for your ERP.", "features": ["Webhooks", "REST API", "99.9% uptime"], "tags": ["api"]},
              {"slug": "supply-chain-review", "title": "Supply chain review", "price": 2500, "type": "SERVICE", "delivery": "CONSULTATION", "duration": "PROJECT_BASED", "cat": "freight-services",
               "short": "Two weeks of analysis of your routes and carriers.", "features": ["Route analysis", "Savings report"], "tags": ["warehousing", "compliance"]}]';
            v_posts := '[
              {"slug": "incoterms-2020-explained", "title": "Incoterms 2020 explained for shippers", "status": "PUBLISHED", "cat": "training", "tags": ["customs", "compliance"], "days": 30,
               "excerpt": "EXW, FCA, DAP, DDP: who pays, who insures and where the risk passes."},
              {"slug": "new-eu-customs-data-rules", "title": "Preparing for the new EU customs data rules", "status": "DRAFT", "cat": "training", "tags": ["customs"], "days": 1,
               "excerpt": "What changes for import declarations and how we will support you."}]';
            v_autos := '[
              {"key": "claims-teams", "name": "New claims to Teams", "trigger": "INTAKE_ASSIGNED", "template": null, "event": "intake.assigned", "active": true,
               "desc": "Posts claims routed to the Claims pipeline into the Teams claims channel."},
              {"key": "delivery-note-ocr", "name": "File scanned delivery notes", "trigger": "DOCUMENT_PROCESSED", "template": "automation.document-ocr-to-drive", "event": "document.processed", "active": true,
               "desc": "Stores processed delivery notes with the shipment."}]';
            v_campaigns := '[
              {"name": "Freight market update Q1", "subject": "Freight rates and capacity: Q1 update", "pre": "Diesel, tolls and what to expect in spring.", "status": "SENT", "days": -20},
              {"name": "Leipzig warehouse opening", "subject": "Our new warehouse in Leipzig", "pre": "8,000 pallet places from June.", "status": "DRAFT", "days": 14}]';
            v_testimonials := '[
              {"name": "Anna Becker", "title": "Head of Supply Chain", "company": "Rhine Valley Foods", "rating": 5, "featured": true,
               "text": "Globex handles our refrigerated exports without a single missed slot this year."},
              {"name": "Tobias Klein", "title": "Export Coordinator", "company": "Elbe Auto Parts", "rating": 4, "featured": false,
               "text": "Fast customs clearance and a dispatcher who always picks up the phone."}]';
        END IF;

        v_nin   := greatest(v_n / 6, 12);
        v_ntask := greatest(v_n / 4, 12);
        v_nev   := greatest(v_n / 8, 12);
        v_nat   := greatest(v_n / 40, array_length(v_agentreqs, 1));
        v_nbook := greatest(v_n / 25, 8);
        v_ncons := greatest(v_n / 30, 6);
        v_nord  := greatest(v_n / 10, 8);
        v_nsub  := greatest(v_n / 3, 16);
        v_nexec := greatest(v_n / 10, 8);
        v_nform := greatest(v_n / 20, 8);
        v_ncall := greatest(v_n / 30, 6);
        v_nact  := greatest(v_n / 5, 20);
        v_naudit := greatest(v_n / 10, 10);

        -- ─── Organization and users ───────────────────────────────────────────────────────
        INSERT INTO organization (id, name, slug, plan, "quotaResetAt", "createdAt", "updatedAt")
        VALUES (v_org, v_orgname, v_slug, v_plan::"PlanType", date_trunc('month', v_now) + interval '1 month',
                v_now - interval '400 days', v_now - interval '3 days');

        INSERT INTO users (id, "orgId", email, "emailVerified", name, role, timezone, "onboardingCompleted",
                           "createdAt", "updatedAt")
        SELECT v_p || '_user_' || u.i, v_org,
               CASE WHEN u.i = 1 THEN v_admin
                    ELSE translate(lower(v_unames[u.i]), ' áéíóúñçäöü', '.aeiouncaou') || '@' || v_domain END,
               v_now - make_interval(days => 390 - u.i * 7),
               v_unames[u.i], v_uroles[u.i]::"UserRole", v_tz, true,
               v_now - make_interval(days => 390 - u.i * 7), v_now - make_interval(days => u.i)
        FROM generate_series(1, array_length(v_unames, 1)) AS u(i);

        v_staff   := ARRAY(SELECT id FROM users WHERE "orgId" = v_org AND role IN ('ADMIN', 'PM', 'OPERATOR') ORDER BY "createdAt", id);
        v_leads   := ARRAY(SELECT id FROM users WHERE "orgId" = v_org AND role IN ('ADMIN', 'PM') ORDER BY "createdAt", id);
        v_members := ARRAY(SELECT id FROM users WHERE "orgId" = v_org AND role = 'USER' ORDER BY "createdAt", id);
        v_all     := ARRAY(SELECT id FROM users WHERE "orgId" = v_org ORDER BY "createdAt", id);

        -- ─── Pipelines, stages, items ─────────────────────────────────────────────────────
        INSERT INTO pipeline (id, "orgId", key, name, description, type, "createdAt", "updatedAt")
        SELECT v_p || '_pipe_' || (pe.pj->>'key'), v_org, pe.pj->>'key', pe.pj->>'name', pe.pj->>'description',
               (pe.pj->>'type')::"PipelineType", v_now - interval '380 days', v_now - make_interval(days => 20 + pe.po::int)
        FROM jsonb_array_elements(v_pipes) WITH ORDINALITY AS pe(pj, po);

        INSERT INTO "pipelineStage" (id, "orgId", "pipelineId", key, name, description, "order", "isTerminal", color,
                                     "wipLimit", "createdAt", "updatedAt")
        SELECT v_p || '_stage_' || (pe.pj->>'key') || '_' || (se.sj->>'key'), v_org, v_p || '_pipe_' || (pe.pj->>'key'),
               se.sj->>'key', se.sj->>'name', se.sj->>'desc', se.so::int, coalesce((se.sj->>'t')::boolean, false),
               se.sj->>'color',
               -- limits in the JSON suit the default size; larger demos get proportionally larger limits
               ceil((se.sj->>'wip')::int * greatest(1.0, v_n / v_ref::numeric))::int,
               v_now - interval '380 days', v_now - interval '20 days'
        FROM jsonb_array_elements(v_pipes) AS pe(pj)
        CROSS JOIN LATERAL jsonb_array_elements(pe.pj->'stages') WITH ORDINALITY AS se(sj, so);

        -- Exactly v_n items, spread over the stages by their weights "w" (skewed towards the
        -- first and terminal stages); position increases within each stage.
        WITH st AS (
            SELECT v_p || '_stage_' || (pe.pj->>'key') || '_' || (se.sj->>'key') AS stage_id,
                   pe.pj AS pdef, se.sj AS sdef, se.so::int AS sord,
                   coalesce((se.sj->>'t')::boolean, false) AS term,
                   sum((se.sj->>'w')::int) OVER (ORDER BY pe.po, se.so) - (se.sj->>'w')::int AS lo,
                   sum((se.sj->>'w')::int) OVER (ORDER BY pe.po, se.so) AS hi,
                   sum((se.sj->>'w')::int) OVER () AS total
            FROM jsonb_array_elements(v_pipes) WITH ORDINALITY AS pe(pj, po)
            CROSS JOIN LATERAL jsonb_array_elements(pe.pj->'stages') WITH ORDINALITY AS se(sj, so)
        ), g AS (
            SELECT i,
                   (abs(hashtextextended(v_p || ':item:' || i, 0)) % 1000000000)::int AS a,
                   (abs(hashtextextended(v_p || ':item:' || i, 1)) % 1000000000)::int AS b,
                   (abs(hashtextextended(v_p || ':item:' || i, 2)) % 1000000000)::int AS c,
                   (abs(hashtextextended(v_p || ':item:' || i, 3)) % 1000000000)::int AS d
            FROM generate_series(1, v_n) AS i
        ), x AS (
            SELECT g.*, st.stage_id, st.pdef, st.sdef, st.sord, st.term,
                   st.pdef->'topics'->>(g.a % jsonb_array_length(st.pdef->'topics')) AS topic,
                   v_companies[1 + (g.a / 1000) % array_length(v_companies, 1)] AS company,
                   v_first[1 + g.c % array_length(v_first, 1)] || ' ' || v_last[1 + (g.c / 1000) % array_length(v_last, 1)] AS contact,
                   v_now - make_interval(days => 1 + (g.b / 1000) % 120, mins => g.c % 1440) AS created,
                   (g.b / 1000000) % 100 AS pr,
                   jsonb_array_length(st.pdef->'tags') AS ntags
            FROM g
            JOIN st ON (g.b % 1000) * st.total >= st.lo * 1000 AND (g.b % 1000) * st.total < st.hi * 1000
        )
        INSERT INTO "pipelineItem" (id, "orgId", "stageId", title, description, position, "assignedToId", "createdById",
                                    "dueDate", priority, tags, metadata, "createdAt", "updatedAt")
        SELECT v_p || '_item_' || x.i, v_org, x.stage_id,
               format(x.pdef->>'fmt', x.topic, x.company, lpad(x.i::text, 4, '0')),
               CASE WHEN (x.d / 1000000) % 8 = 0 THEN NULL
                    ELSE format(x.pdef->>'dfmt', x.topic, x.company, lpad(x.i::text, 4, '0'), x.contact) END,
               1000.0 * row_number() OVER (PARTITION BY x.stage_id ORDER BY x.i),
               CASE WHEN (x.a / 1000000) % 10 = 0 THEN NULL
                    ELSE v_staff[1 + (x.a / 1000000) % array_length(v_staff, 1)] END,
               v_staff[1 + (x.c / 1000000) % array_length(v_staff, 1)],
               CASE WHEN x.d % 10 = 0 THEN NULL
                    WHEN x.term THEN v_today - make_interval(days => 1 + (x.d / 10) % 25) + interval '17 hours'
                    ELSE v_today + make_interval(days => (x.d / 10) % 61 - 20) + interval '17 hours' END,
               CASE WHEN x.pr < 35 THEN 0 WHEN x.pr < 70 THEN 1 WHEN x.pr < 90 THEN 2 ELSE 3 END,
               CASE WHEN x.ntags = 0 THEN '{}'::text[]
                    WHEN (x.d / 1000) % 3 = 0
                    THEN ARRAY[x.pdef->'tags'->>((x.d / 1000) % x.ntags),
                               x.pdef->'tags'->>(((x.d / 1000) % x.ntags + 1 + (x.d / 3000) % greatest(x.ntags - 1, 1)) % x.ntags)]
                    ELSE ARRAY[x.pdef->'tags'->>((x.d / 1000) % x.ntags)] END,
               CASE x.pdef->>'type'
                   WHEN 'SALES' THEN jsonb_build_object(
                       'value', 1500 + (x.d % 97) * 250, 'currency', v_currency,
                       'probability', CASE WHEN x.term THEN CASE WHEN x.sdef->>'key' = 'won' THEN 100 ELSE 0 END
                                           ELSE least(90, 10 + x.sord * 15) END,
                       'source', (ARRAY['website', 'referral', 'linkedin', 'event', 'outbound'])[1 + (x.c / 100) % 5],
                       'contact', x.contact)
                   WHEN 'SUPPORT' THEN jsonb_build_object(
                       'ticket', upper(v_p) || '-' || (1000 + x.i),
                       'channel', (ARRAY['email', 'phone', 'portal', 'chat'])[1 + (x.c / 100) % 4],
                       'contact', x.contact)
                   WHEN 'BILLING' THEN jsonb_build_object(
                       'invoiceNumber', 'INV-2026-' || lpad(x.i::text, 4, '0'),
                       'amount', round(300 + (x.d % 200) * 47.5, 2), 'currency', v_currency,
                       'billingEmail', 'accounts@' || trim(both '-' from regexp_replace(lower(x.company), '[^a-z0-9]+', '-', 'g')) || '.example')
                   WHEN 'INTERNAL' THEN jsonb_build_object(
                       'client', x.company, 'estimateHours', 2 + x.d % 38,
                       'loggedHours', CASE WHEN x.sord = 1 THEN 0 ELSE (x.d % 38) * least(x.sord, 6) / 6 END)
                   ELSE jsonb_build_object(
                       'reference', 'GX-' || lpad(x.i::text, 4, '0'), 'pallets', 1 + x.d % 33,
                       'weightKg', 400 + (x.d / 100) % 18000,
                       'origin', (ARRAY['Hamburg', 'Rotterdam', 'Munich', 'Leipzig', 'Basel', 'Bremen'])[1 + (x.c / 100) % 6],
                       'destination', (ARRAY['Milan', 'Vienna', 'Prague', 'Warsaw', 'Lyon', 'Antwerp', 'Gdansk'])[1 + (x.c / 10000) % 7])
               END,
               x.created,
               x.created + (v_now - x.created) * (((x.d / 1000000) % 100) / 100.0)
        FROM x;

        -- ─── Orchestration agents and intake ──────────────────────────────────────────────
        INSERT INTO "OrchestrationAgent" (id, "orgId", name, description, "llmProvider", "llmModel", "systemPrompt",
                                          temperature, "canAssignPipelines", "canCreateEvents", "canSendNotifications",
                                          "canTriggerAutomations", "isActive", settings, "createdAt", "updatedAt")
        VALUES
            (v_p || '_agent_router', v_org, 'Intake Router',
             'Reads every intake request and routes it to the right pipeline with a priority.',
             'CLAUDE', 'claude-3-5-sonnet-20241022',
             'You route incoming requests for ' || v_orgname || '. Choose one pipeline from the list you are given, '
             || 'a priority from 0 (none) to 3 (urgent) and explain your reasoning in one sentence. '
             || 'Reject spam and messages that need no action.',
             0.1, true, false, true, true, true,
             jsonb_build_object('confidenceThreshold', 0.7, 'fallbackPipeline', v_pipes->0->>'key', 'maxTokens', 800),
             v_now - interval '300 days', v_now - interval '15 days'),
            (v_p || '_agent_scheduler', v_org, 'Scheduling Assistant',
             'Handles meeting requests from e-mail and chat: proposes slots, creates and moves events.',
             'OPENAI', 'gpt-4o', 'You schedule meetings for the team of ' || v_orgname
             || '. Respect working hours and availability rules; always confirm times in the requester time zone.',
             0.2, false, true, true, false, true,
             jsonb_build_object('defaultDurationMinutes', 30, 'workingHours', jsonb_build_object('start', '09:00', 'end', '17:00'), 'timezone', v_tz),
             v_now - interval '200 days', v_now - interval '4 days');

        -- Every intake status appears (the first six rows cycle through them).
        WITH g AS (
            SELECT i,
                   (abs(hashtextextended(v_p || ':intake:' || i, 0)) % 1000000000)::int AS a,
                   (abs(hashtextextended(v_p || ':intake:' || i, 1)) % 1000000000)::int AS b
            FROM generate_series(1, v_nin) AS i
        ), x AS (
            SELECT g.*,
                   v_intake->(g.a % jsonb_array_length(v_intake)) AS req,
                   CASE WHEN g.i <= 6 THEN (ARRAY['NEW', 'ROUTING', 'ASSIGNED', 'PROCESSING', 'COMPLETED', 'REJECTED'])[g.i]
                        WHEN g.b % 100 < 18 THEN 'NEW' WHEN g.b % 100 < 24 THEN 'ROUTING'
                        WHEN g.b % 100 < 44 THEN 'ASSIGNED' WHEN g.b % 100 < 62 THEN 'PROCESSING'
                        WHEN g.b % 100 < 92 THEN 'COMPLETED' ELSE 'REJECTED' END AS st,
                   (ARRAY['FORM', 'EMAIL', 'CHAT', 'API'])[1 + (g.a / 1000) % 4] AS src,
                   v_first[1 + (g.a / 10000) % array_length(v_first, 1)] AS fn,
                   v_last[1 + (g.b / 1000) % array_length(v_last, 1)] AS ln,
                   v_companies[1 + (g.b / 100000) % array_length(v_companies, 1)] AS company,
                   v_now - make_interval(mins => 30 + (g.a / 100) % (60 * 24 * 45)) AS created,
                   70 + (g.b / 10000000) % 29 AS conf
            FROM g
        )
        INSERT INTO "intakeRequest" (id, "orgId", source, status, title, description, "requestData", "assignedPipeline",
                                     "aiRoutingMeta", priority, "createdAt", "updatedAt")
        SELECT v_p || '_intake_' || x.i, v_org, x.src::"IntakeSource", x.st::"IntakeStatus", x.req->>'t', x.req->>'b',
               jsonb_build_object(
                   'from', jsonb_build_object('name', x.fn || ' ' || x.ln,
                                              'email', lower(x.fn || '.' || x.ln) || '@'
                                                       || trim(both '-' from regexp_replace(lower(x.company), '[^a-z0-9]+', '-', 'g')) || '.example'),
                   'company', x.company, 'subject', x.req->>'t', 'body', x.req->>'b', 'channel', lower(x.src),
                   'receivedAt', to_char(x.created, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   'attachments', CASE WHEN x.a % 5 = 0 THEN jsonb_build_array('photos.zip') ELSE '[]'::jsonb END),
               CASE WHEN x.st IN ('ASSIGNED', 'PROCESSING', 'COMPLETED') THEN v_p || '_pipe_' || (x.req->>'p') END,
               CASE x.st
                   WHEN 'NEW' THEN NULL
                   WHEN 'ROUTING' THEN jsonb_build_object('agent', v_p || '_agent_router', 'state', 'in_progress',
                                                           'startedAt', to_char(x.created + interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                   WHEN 'REJECTED' THEN jsonb_build_object('agent', v_p || '_agent_router', 'confidence', 0.93,
                                                            'reasoning', 'Duplicate of an earlier request from the same sender; no action needed.')
                   ELSE jsonb_build_object('agent', v_p || '_agent_router', 'pipeline', x.req->>'p',
                                           'confidence', x.conf / 100.0, 'reasoning', x.req->>'r',
                                           'model', 'claude-3-5-sonnet-20241022')
               END,
               (x.a / 100000) % 4,
               x.created,
               CASE WHEN x.st = 'NEW' THEN x.created ELSE least(v_now, x.created + make_interval(mins => 2 + x.b % 2000)) END
        FROM x;

        INSERT INTO "AgentDecision" (id, "orgId", "agentId", "intakeRequestId", "inputSource", "inputData", "decisionType",
                                     actions, confidence, reasoning, status, "errorMessage", "executedAt", "createdAt",
                                     "updatedAt")
        SELECT ir.id || '_decision', v_org, v_p || '_agent_router', ir.id, lower(ir.source::text),
               jsonb_build_object('title', ir.title, 'from', ir."requestData"->'from'),
               CASE WHEN ir.status = 'REJECTED' THEN 'NO_ACTION' ELSE 'ASSIGN_PIPELINE' END::"DecisionType",
               CASE WHEN ir.status = 'REJECTED' THEN '[]'::jsonb
                    ELSE jsonb_build_array(jsonb_build_object('type', 'assign_pipeline', 'pipelineId', ir."assignedPipeline",
                                                              'priority', ir.priority)) END,
               coalesce((ir."aiRoutingMeta"->>'confidence')::float8, 0.5),
               coalesce(ir."aiRoutingMeta"->>'reasoning', 'Routing in progress.'),
               CASE WHEN ir.status = 'ROUTING' THEN 'PENDING' ELSE 'EXECUTED' END::"DecisionStatus",
               NULL,
               CASE WHEN ir.status = 'ROUTING' THEN NULL ELSE ir."updatedAt" END,
               ir."createdAt" + interval '1 minute', ir."updatedAt" + interval '1 minute'
        FROM "intakeRequest" ir
        WHERE ir."orgId" = v_org AND ir.status <> 'NEW';

        INSERT INTO "AgentDecision" (id, "orgId", "agentId", "intakeRequestId", "inputSource", "inputData", "decisionType",
                                     actions, confidence, reasoning, status, "errorMessage", "executedAt", "createdAt",
                                     "updatedAt")
        SELECT v_p || '_sched_decision_' || s.i, v_org, v_p || '_agent_scheduler', NULL, (ARRAY['email', 'chat', 'email'])[s.i],
               jsonb_build_object('text', v_agentreqs[s.i]),
               (ARRAY['CREATE_EVENT', 'UPDATE_EVENT', 'SEND_NOTIFICATION'])[s.i]::"DecisionType",
               jsonb_build_array(jsonb_build_object('type', lower((ARRAY['CREATE_EVENT', 'UPDATE_EVENT', 'SEND_NOTIFICATION'])[s.i]),
                                                    'eventId', v_p || '_event_' || s.i)),
               (ARRAY[0.91, 0.84, 0.62])[s.i],
               (ARRAY['Clear request with a date and time inside working hours.',
                      'Requester asked to move an existing meeting; a free slot exists.',
                      'Calendar provider rejected the update; the organizer was notified instead.'])[s.i],
               (ARRAY['EXECUTED', 'EXECUTED', 'FAILED'])[s.i]::"DecisionStatus",
               CASE WHEN s.i = 3 THEN 'Calendar API returned 409 (event modified elsewhere)' END,
               CASE WHEN s.i < 3 THEN v_now - make_interval(days => s.i) END,
               v_now - make_interval(days => s.i, mins => 5), v_now - make_interval(days => s.i)
        FROM generate_series(1, 3) AS s(i);

        -- ─── Tasks and their decision trail ───────────────────────────────────────────────
        WITH g AS (
            SELECT t,
                   (abs(hashtextextended(v_p || ':task:' || t, 0)) % 1000000000)::int AS a,
                   (abs(hashtextextended(v_p || ':task:' || t, 1)) % 1000000000)::int AS b
            FROM generate_series(1, v_ntask) AS t
        ), x AS (
            SELECT g.*, it.id AS item_id, it.title AS item_title, it."stageId" AS stage_id,
                   it."assignedToId" AS item_assignee, it."dueDate" AS item_due, it."createdAt" AS item_created,
                   s."pipelineId" AS pipeline_id, pd.pj AS pdef,
                   CASE WHEN g.t <= 6 THEN (ARRAY['NEW', 'IN_PROGRESS', 'NEEDS_REVIEW', 'BLOCKED', 'DONE', 'CANCELLED'])[g.t]
                        WHEN g.a % 100 < 25 THEN 'NEW' WHEN g.a % 100 < 55 THEN 'IN_PROGRESS'
                        WHEN g.a % 100 < 65 THEN 'NEEDS_REVIEW' WHEN g.a % 100 < 72 THEN 'BLOCKED'
                        WHEN g.a % 100 < 95 THEN 'DONE' ELSE 'CANCELLED' END AS st,
                   CASE WHEN (g.a / 100) % 100 < 40 THEN 'manual' WHEN (g.a / 100) % 100 < 65 THEN 'intake'
                        WHEN (g.a / 100) % 100 < 85 THEN 'agent' ELSE 'automation' END AS src
            FROM g
            JOIN "pipelineItem" it ON it.id = v_p || '_item_' || (1 + (g.t::bigint * 7919) % v_n)
            JOIN "pipelineStage" s ON s.id = it."stageId"
            JOIN pipeline pl ON pl.id = s."pipelineId"
            JOIN jsonb_array_elements(v_pipes) AS pd(pj) ON pd.pj->>'key' = pl.key
        ), routed AS (
            -- intake requests routed to each pipeline, numbered, so that an intake-sourced task
            -- links to a request that was routed to the same pipeline
            SELECT id, "assignedPipeline" AS pipeline_id,
                   row_number() OVER (PARTITION BY "assignedPipeline" ORDER BY "createdAt", id) AS rn,
                   count(*) OVER (PARTITION BY "assignedPipeline") AS cnt
            FROM "intakeRequest"
            WHERE "orgId" = v_org AND "assignedPipeline" IS NOT NULL
        ), y AS (
            SELECT x.t, x.a, x.b, x.item_id, x.item_title, x.stage_id, x.item_assignee, x.item_due, x.pipeline_id,
                   x.pdef, x.st,
                   CASE WHEN x.src = 'intake' AND r.id IS NULL THEN 'manual' ELSE x.src END AS src,
                   r.id AS intake_id,
                   x.item_created + (v_now - x.item_created) * (((x.b / 1000) % 60) / 100.0) AS created
            FROM x
            LEFT JOIN routed r ON x.src = 'intake' AND r.pipeline_id = x.pipeline_id AND r.rn = 1 + (x.b / 100000) % r.cnt
        )
        INSERT INTO "Task" (id, "orgId", "templateId", source, title, description, status, priority, "pipelineId",
                            "stageId", "assignedToId", "createdById", "intakeRequestId", "dueDate", data, "completedAt",
                            "createdAt", "updatedAt")
        SELECT v_p || '_task_' || y.t, v_org, tt.id, y.src,
               (y.pdef->'tasks'->>(y.b % jsonb_array_length(y.pdef->'tasks'))) || ': ' || y.item_title,
               CASE WHEN y.b % 4 = 0 THEN NULL ELSE 'Linked card: ' || y.item_title || '.' END,
               y.st::"TaskStatus", (y.b / 100) % 4, y.pipeline_id, y.stage_id,
               coalesce(y.item_assignee, v_staff[1 + (y.a / 10000) % array_length(v_staff, 1)]),
               CASE WHEN y.src = 'manual' THEN v_staff[1 + (y.b / 10000) % array_length(v_staff, 1)] END,
               y.intake_id,
               CASE WHEN y.item_due IS NOT NULL THEN y.item_due - make_interval(days => (y.a / 1000000) % 3)
                    WHEN y.a % 3 = 0 THEN NULL
                    ELSE v_today + make_interval(days => (y.a / 1000000) % 40 - 10) + interval '12 hours' END,
               jsonb_build_object('itemId', y.item_id,
                                  'checklist', jsonb_build_array(
                                      jsonb_build_object('text', 'Read the card and linked messages', 'done', y.st <> 'NEW'),
                                      jsonb_build_object('text', 'Do the work', 'done', y.st IN ('NEEDS_REVIEW', 'DONE')),
                                      jsonb_build_object('text', 'Update the client', 'done', y.st = 'DONE'))),
               CASE WHEN y.st = 'DONE' THEN y.created + (v_now - y.created) * 0.5 END,
               y.created,
               CASE WHEN y.st = 'NEW' THEN y.created ELSE y.created + (v_now - y.created) * 0.6 END
        FROM y
        LEFT JOIN "TaskTemplate" tt ON tt.id = CASE WHEN y.src IN ('intake', 'agent') THEN y.pdef->>'template' END;

        INSERT INTO "DecisionLog" (id, "orgId", "taskId", "eventName", decision, "llmCall", "createdAt")
        SELECT tk.id || '_log_' || s.n, v_org, tk.id,
               (ARRAY['task.created', 'task.routed', 'task.status_changed'])[s.n],
               CASE s.n
                   WHEN 1 THEN jsonb_build_object('action', 'create', 'source', tk.source, 'priority', tk.priority)
                   WHEN 2 THEN jsonb_build_object('action', 'route', 'pipelineId', tk."pipelineId", 'stageId', tk."stageId",
                                                  'assignedToId', tk."assignedToId",
                                                  'reason', 'Matches the pipeline of the linked card; assignee owns the card.')
                   ELSE jsonb_build_object('action', 'status', 'from', 'NEW', 'to', tk.status::text)
               END,
               CASE WHEN tk.source IN ('agent', 'intake') AND s.n <= 2 THEN
                   jsonb_build_object('provider', 'CLAUDE', 'model', 'claude-3-5-sonnet-20241022',
                                      'promptTokens', 600 + length(tk.title) * 3, 'completionTokens', 90 + s.n * 25,
                                      'latencyMs', 700 + (length(tk.id) * 97 + s.n * 131) % 900)
               END,
               tk."createdAt" + make_interval(mins => (s.n - 1) * 7)
        FROM "Task" tk
        CROSS JOIN LATERAL generate_series(1, 1 + (length(tk.id) + tk.priority) % 3 + CASE WHEN tk.status = 'NEW' THEN 0 ELSE 1 END) AS s(n)
        WHERE tk."orgId" = v_org AND s.n <= 3;

        -- ─── Documents ────────────────────────────────────────────────────────────────────
        INSERT INTO "Document" (id, "orgId", "uploadedById", "fileName", "filePath", "mimeType", "fileSize", status,
                                "ocrText", "ocrConfidence", "errorMessage", metadata, "processedAt", "createdAt", "updatedAt")
        SELECT v_p || '_doc_' || dd.n, v_org, v_staff[1 + (dd.n::int % array_length(v_staff, 1))],
               dd.dj->>'file', 'qrc:/demo/documents/' || (dd.dj->>'file'), dd.dj->>'mime', (dd.dj->>'size')::int,
               (dd.dj->>'status')::"DocumentStatus", dd.dj->>'ocr', (dd.dj->>'conf')::float8, dd.dj->>'error',
               jsonb_strip_nulls(jsonb_build_object('title', dd.dj->>'title', 'documentType', dd.dj->>'type',
                                                    'pages', (dd.dj->>'pages')::int, 'language', 'en',
                                                    'extracted', dd.dj->'extracted')),
               CASE WHEN dd.dj->>'status' IN ('COMPLETED', 'FAILED') THEN v_now - make_interval(days => 20 - dd.n::int * 3, mins => -4) END,
               v_now - make_interval(days => 20 - dd.n::int * 3), v_now - make_interval(days => 20 - dd.n::int * 3, mins => -4)
        FROM jsonb_array_elements(v_docs) WITH ORDINALITY AS dd(dj, n);

        -- RAG chunks of the processed documents: one per paragraph, with a deterministic
        -- 1536-dimension stand-in vector (text-embedding-3-small size).
        INSERT INTO "DocumentEmbedding" (id, "orgId", "documentId", "chunkIndex", content, embedding, model, "tokenCount",
                                         "createdAt")
        SELECT d.id || '_chunk_' || (ch.k - 1), v_org, d.id, (ch.k - 1)::int, ch.txt,
               ARRAY(SELECT round(sin(dim * 0.731 + ch.k * 1.37 + length(d.id)) * 1e6) / 1e6
                     FROM generate_series(1, 1536) AS dim),
               'text-embedding-3-small', greatest(1, length(ch.txt) / 4), d."processedAt"
        FROM "Document" d
        CROSS JOIN LATERAL regexp_split_to_table(d."ocrText", E'\n\n') WITH ORDINALITY AS ch(txt, k)
        WHERE d."orgId" = v_org AND d.status = 'COMPLETED' AND btrim(ch.txt) <> '';

        INSERT INTO "DocumentChat" (id, "orgId", "documentId", "userId", title, messages, "lastMessageAt", "createdAt",
                                    "updatedAt")
        SELECT d.id || '_chat', v_org, d.id, v_leads[1], 'Questions about ' || (d.metadata->>'title'),
               jsonb_build_array(
                   jsonb_build_object('role', 'user', 'content', 'Summarise this document in two sentences.',
                                      'at', to_char(d."processedAt" + interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                   jsonb_build_object('role', 'assistant',
                                      'content', 'This is a ' || (d.metadata->>'documentType') || ': ' || (d.metadata->>'title')
                                                 || '. The key figures are listed in the extracted fields.',
                                      'sources', jsonb_build_array(jsonb_build_object('chunkIndex', 0)),
                                      'at', to_char(d."processedAt" + interval '61 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
               d."processedAt" + interval '61 minutes', d."processedAt" + interval '1 hour', d."processedAt" + interval '61 minutes'
        FROM "Document" d
        WHERE d."orgId" = v_org AND d.status = 'COMPLETED';

        -- ─── Automations ──────────────────────────────────────────────────────────────────
        INSERT INTO "Automation" (id, "orgId", name, description, "n8nWorkflowId", "webhookUrl", "triggerType",
                                  "triggerConfig", "isActive", "templateId", "createdById", "lastRunAt", "createdAt",
                                  "updatedAt")
        SELECT v_p || '_auto_' || (aj.j->>'key'), v_org, aj.j->>'name', aj.j->>'desc',
               'wf_' || substr(md5(v_p || (aj.j->>'key')), 1, 16),
               CASE WHEN aj.j->>'trigger' <> 'SCHEDULE' THEN 'https://n8n.' || v_domain || '/webhook/' || (aj.j->>'key') END,
               (aj.j->>'trigger')::"TriggerType",
               jsonb_strip_nulls(jsonb_build_object('event', aj.j->>'event', 'cron', aj.j->>'cron', 'timezone', v_tz)),
               (aj.j->>'active')::boolean, t.id, v_leads[1],
               CASE WHEN (aj.j->>'active')::boolean THEN v_now - make_interval(hours => aj.n::int * 5) END,
               v_now - make_interval(days => 120 - aj.n::int * 10), v_now - make_interval(days => aj.n::int)
        FROM jsonb_array_elements(v_autos) WITH ORDINALITY AS aj(j, n)
        LEFT JOIN "AutomationTemplate" t ON t.id = aj.j->>'template';

        INSERT INTO "WorkflowTrigger" (id, "orgId", "automationId", "triggerType", "triggerEvent", "cronSchedule", config,
                                       "isActive", "lastTriggeredAt", "createdAt", "updatedAt")
        SELECT a.id || '_trigger', v_org, a.id, a."triggerType", a."triggerConfig"->>'event', a."triggerConfig"->>'cron',
               jsonb_build_object('filters', CASE WHEN a."triggerType" = 'INTAKE_CREATED'
                                                  THEN jsonb_build_object('minPriority', 2) ELSE '{}'::jsonb END),
               a."isActive", a."lastRunAt", a."createdAt", a."updatedAt"
        FROM "Automation" a
        WHERE a."orgId" = v_org;

        WITH au AS (
            SELECT row_number() OVER (ORDER BY id) AS rn, id, "triggerType" FROM "Automation" WHERE "orgId" = v_org
        ), g AS (
            SELECT e, (abs(hashtextextended(v_p || ':exec:' || e, 0)) % 1000000000)::int AS a
            FROM generate_series(1, v_nexec) AS e
        ), x AS (
            SELECT g.*, au.id AS automation_id, au."triggerType" AS tt,
                   CASE WHEN g.e = 1 THEN 'RUNNING' WHEN g.e = 2 THEN 'QUEUED'
                        WHEN g.a % 100 < 84 THEN 'SUCCESS' WHEN g.a % 100 < 95 THEN 'FAILED' ELSE 'CANCELLED' END AS st,
                   v_now - make_interval(mins => CASE WHEN g.e <= 2 THEN g.e ELSE 10 + (g.a / 100) % (60 * 24 * 60) END) AS started,
                   200 + (g.a / 1000) % 9000 AS ms
            FROM g JOIN au ON au.rn = 1 + g.e % (SELECT count(*) FROM au)
        )
        INSERT INTO "WorkflowExecution" (id, "orgId", "automationId", status, "n8nExecutionId", "executionTime",
                                         "errorMessage", "inputData", "outputData", "startedAt", "finishedAt",
                                         "createdAt", "updatedAt")
        SELECT v_p || '_exec_' || x.e, v_org, x.automation_id, x.st::"ExecutionStatus",
               CASE WHEN x.st <> 'QUEUED' THEN (10000 + x.e * 3)::text END,
               CASE WHEN x.st IN ('SUCCESS', 'FAILED') THEN x.ms END,
               CASE x.st WHEN 'FAILED' THEN (ARRAY['Slack API: channel_not_found', 'Request timed out after 30000 ms',
                                                   'Gmail: invalid_grant (token expired)'])[1 + x.a % 3]
                         WHEN 'CANCELLED' THEN 'Cancelled by user' END,
               jsonb_build_object('trigger', x.tt::text, 'receivedAt', to_char(x.started, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
               CASE WHEN x.st = 'SUCCESS' THEN jsonb_build_object('itemsProcessed', 1 + x.a % 5) END,
               CASE WHEN x.st <> 'QUEUED' THEN x.started END,
               CASE WHEN x.st IN ('SUCCESS', 'FAILED', 'CANCELLED') THEN x.started + make_interval(secs => x.ms / 1000.0) END,
               x.started, x.started + make_interval(secs => x.ms / 1000.0)
        FROM x;

        INSERT INTO "IntegrationCredential" (id, "orgId", "userId", provider, name, "credentialData", scope, "expiresAt",
                                             "isActive", "lastUsedAt", "createdAt", "updatedAt")
        SELECT v_p || '_cred_' || lower(pv.prov), v_org, v_leads[1], pv.prov::"IntegrationProvider",
               initcap(replace(pv.prov, '_', ' ')) || ' (' || v_orgname || ')',
               -- demo placeholder shaped like AES-256-GCM output (nonce || ciphertext || tag); decrypts to nothing
               encode(sha256(convert_to(v_p || ':cred:' || pv.prov, 'UTF8')) || sha256(convert_to(pv.prov, 'UTF8')), 'base64'),
               CASE pv.prov WHEN 'GMAIL' THEN 'https://www.googleapis.com/auth/gmail.modify'
                            WHEN 'GOOGLE_DRIVE' THEN 'https://www.googleapis.com/auth/drive.file'
                            WHEN 'SLACK' THEN 'chat:write channels:read' END,
               CASE WHEN pv.prov IN ('GMAIL', 'GOOGLE_DRIVE', 'OUTLOOK') THEN v_now + interval '50 minutes' END,
               true, v_now - make_interval(hours => pv.n::int), v_now - make_interval(days => 90 + pv.n::int),
               v_now - make_interval(hours => pv.n::int)
        FROM unnest(v_integrations) WITH ORDINALITY AS pv(prov, n);

        -- ─── Calendar and scheduling ──────────────────────────────────────────────────────
        INSERT INTO "CalendarConnection" (id, "orgId", "userId", provider, "accountEmail", "accessToken", "refreshToken",
                                          "tokenExpiresAt", "serverUrl", "calendarId", "syncToken", "lastSyncAt",
                                          "isActive", "createdAt", "updatedAt")
        SELECT v_p || '_calconn_' || cp.n, v_org, v_leads[1 + (cp.n::int - 1) % array_length(v_leads, 1)],
               cp.prov::"CalendarProvider", u.email,
               encode(sha256(convert_to(v_p || ':cal:' || cp.n, 'UTF8')) || sha256(convert_to('access', 'UTF8')), 'base64'),
               encode(sha256(convert_to(v_p || ':calr:' || cp.n, 'UTF8')) || sha256(convert_to('refresh', 'UTF8')), 'base64'),
               v_now + interval '45 minutes', NULL, 'primary', 'sync_' || substr(md5(v_p || cp.n), 1, 20),
               v_now - interval '6 minutes', true, v_now - interval '150 days', v_now - interval '6 minutes'
        FROM unnest(v_calproviders) WITH ORDINALITY AS cp(prov, n)
        JOIN users u ON u.id = v_leads[1 + (cp.n::int - 1) % array_length(v_leads, 1)];

        INSERT INTO "AvailabilityRule" (id, "orgId", "userId", "dayOfWeek", "startTime", "endTime", timezone, "isActive",
                                        "createdAt", "updatedAt")
        SELECT su.uid || '_avail_' || dw.d, v_org, su.uid, dw.d,
               CASE WHEN su.n % 3 = 0 THEN '10:00' ELSE '09:00' END,
               CASE WHEN dw.d = 5 AND su.n % 2 = 0 THEN '13:00' WHEN su.n % 3 = 0 THEN '18:00' ELSE '17:00' END,
               v_tz, NOT (dw.d = 5 AND su.n = 4), v_now - interval '100 days', v_now - interval '100 days'
        FROM unnest(v_staff) WITH ORDINALITY AS su(uid, n)
        CROSS JOIN generate_series(1, 5) AS dw(d);

        WITH g AS (
            SELECT i, (abs(hashtextextended(v_p || ':agenttask:' || i, 0)) % 1000000000)::int AS a
            FROM generate_series(1, v_nat) AS i
        ), x AS (
            SELECT g.*, 1 + (g.i - 1) % array_length(v_agentreqs, 1) AS q,
                   CASE WHEN g.i <= 6 THEN (ARRAY['PENDING', 'PROCESSING', 'AWAITING_CONFIRMATION', 'COMPLETED', 'FAILED', 'CANCELLED'])[g.i]
                        WHEN g.a % 100 < 10 THEN 'PENDING' WHEN g.a % 100 < 30 THEN 'AWAITING_CONFIRMATION'
                        WHEN g.a % 100 < 90 THEN 'COMPLETED' WHEN g.a % 100 < 95 THEN 'FAILED' ELSE 'CANCELLED' END AS st,
                   v_now - make_interval(mins => 20 + (g.a / 100) % (60 * 24 * 20)) AS created
            FROM g
        )
        INSERT INTO "SchedulingAgentTask" (id, "orgId", "userId", source, "rawContent", "taskType", intent, entities,
                                           confidence, "proposedSlots", status, "errorMessage", "createdAt", "updatedAt")
        SELECT v_p || '_agenttask_' || x.i, v_org, v_all[1 + x.a % array_length(v_all, 1)],
               (ARRAY['email', 'chat', 'sms', 'form'])[1 + (x.a / 1000) % 4], v_agentreqs[x.q],
               v_agenttypes[x.q]::"AgentTaskType", lower(v_agenttypes[x.q]),
               jsonb_build_object('durationMinutes', (ARRAY[30, 45, 60])[1 + x.i % 3],
                                  'participants', jsonb_build_array(v_admin),
                                  'date', to_char(v_today + make_interval(days => 1 + x.i % 6), 'YYYY-MM-DD')),
               CASE WHEN x.st = 'PENDING' THEN NULL ELSE 0.6 + ((x.a / 10000) % 39) / 100.0 END,
               CASE WHEN x.st IN ('AWAITING_CONFIRMATION', 'COMPLETED') THEN jsonb_build_array(
                        jsonb_build_object('start', to_char(v_today + make_interval(days => 1 + x.i % 6, hours => 14), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                           'end', to_char(v_today + make_interval(days => 1 + x.i % 6, hours => 14, mins => 30), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                        jsonb_build_object('start', to_char(v_today + make_interval(days => 2 + x.i % 6, hours => 15), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                           'end', to_char(v_today + make_interval(days => 2 + x.i % 6, hours => 15, mins => 30), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))) END,
               x.st::"AgentTaskStatus",
               CASE WHEN x.st = 'FAILED' THEN 'Could not find a slot where all participants are free this week.' END,
               x.created, CASE WHEN x.st = 'PENDING' THEN x.created ELSE x.created + interval '2 minutes' END
        FROM x;

        INSERT INTO "ChatMessage" (id, "orgId", "userId", "agentTaskId", "conversationId", role, content, metadata, "createdAt")
        SELECT sat.id || '_msg_' || m.n, v_org, coalesce(sat."userId", v_all[1]), sat.id, replace(sat.id, '_agenttask_', '_conv_'),
               (ARRAY['USER', 'ASSISTANT', 'USER'])[m.n]::"ChatRole",
               CASE m.n WHEN 1 THEN sat."rawContent"
                        WHEN 2 THEN CASE sat.status WHEN 'FAILED' THEN 'Sorry, I could not find a time that works for everyone this week. Shall I look at next week?'
                                                   WHEN 'CANCELLED' THEN 'Understood, I have cancelled the request.'
                                                   WHEN 'PENDING' THEN 'Let me check the calendars.'
                                                   ELSE 'I found two free slots. Which one suits you?' END
                        ELSE 'The first one works, thanks.' END,
               CASE WHEN m.n = 2 THEN jsonb_build_object('model', 'gpt-4o', 'latencyMs', 900 + length(sat.id) * 13) END,
               sat."createdAt" + make_interval(secs => (m.n - 1) * 40)
        FROM "SchedulingAgentTask" sat
        CROSS JOIN generate_series(1, 3) AS m(n)
        WHERE sat."orgId" = v_org
          AND (m.n = 1 OR sat.status <> 'PENDING')
          AND (m.n < 3 OR sat.status = 'COMPLETED');

        WITH g AS (
            SELECT i,
                   (abs(hashtextextended(v_p || ':event:' || i, 0)) % 1000000000)::int AS a,
                   (abs(hashtextextended(v_p || ':event:' || i, 1)) % 1000000000)::int AS b
            FROM generate_series(1, v_nev) AS i
        ), x AS (
            SELECT g.*,
                   ((v_today + make_interval(days => g.a % 45 - 14, hours => 9 + (g.a / 1000) % 8,
                                             mins => 30 * ((g.a / 100000) % 2))) AT TIME ZONE v_tz) AT TIME ZONE 'UTC' AS starts,
                   (ARRAY[30, 45, 60, 90])[1 + g.b % 4] AS dur,
                   v_companies[1 + (g.b / 100) % array_length(v_companies, 1)] AS company,
                   v_staff[1 + (g.b / 10000) % array_length(v_staff, 1)] AS organizer,
                   (g.b / 1000000) % 100 AS r
            FROM g
        )
        INSERT INTO "SchedulingEvent" (id, "orgId", "userId", "agentTaskId", "calendarConnectionId", "externalEventId",
                                       title, description, "startTime", "endTime", timezone, location, status,
                                       "participantEmails", "meetingLink", "createdAt", "updatedAt")
        SELECT v_p || '_event_' || x.i, v_org, x.organizer,
               CASE WHEN x.i <= v_nat AND x.i % 2 = 0 THEN v_p || '_agenttask_' || x.i END,
               CASE WHEN x.i % 3 = 0 THEN v_p || '_calconn_' || (1 + (x.i / 3) % array_length(v_calproviders, 1)) END,
               CASE WHEN x.i % 3 = 0 THEN substr(md5(v_p || ':ext:' || x.i), 1, 26) END,
               format(v_meetings[1 + x.a % array_length(v_meetings, 1)], x.company),
               CASE WHEN x.r % 4 = 0 THEN NULL ELSE 'Agenda: status, open questions, next steps.' END,
               x.starts, x.starts + make_interval(mins => x.dur), v_tz,
               CASE WHEN x.r % 5 = 0 THEN 'Studio, meeting room 2' WHEN x.r % 5 = 1 THEN x.company || ' office' END,
               CASE WHEN x.starts < v_now THEN CASE WHEN x.r < 8 THEN 'CANCELLED' ELSE 'COMPLETED' END
                    WHEN x.r < 45 THEN 'CONFIRMED' WHEN x.r < 85 THEN 'SCHEDULED' WHEN x.r < 95 THEN 'RESCHEDULED'
                    ELSE 'CANCELLED' END::"SchedulingEventStatus",
               ARRAY[(SELECT email FROM users WHERE id = x.organizer),
                     lower(v_first[1 + x.r % array_length(v_first, 1)]) || '@'
                     || trim(both '-' from regexp_replace(lower(x.company), '[^a-z0-9]+', '-', 'g')) || '.example'],
               CASE WHEN x.r % 5 IN (0, 1) THEN NULL
                    ELSE 'https://meet.google.com/' || translate(substr(md5(v_p || x.i), 1, 3), '0123456789', 'ghijkmnpqr') || '-'
                         || translate(substr(md5(v_p || x.i), 4, 4), '0123456789', 'ghijkmnpqr') || '-'
                         || translate(substr(md5(v_p || x.i), 8, 3), '0123456789', 'ghijkmnpqr') END,
               least(v_now, x.starts) - make_interval(days => 3 + x.r % 10), least(v_now, x.starts) - make_interval(days => x.r % 3)
        FROM x;

        INSERT INTO "EventReminder" (id, "orgId", "eventId", "reminderTime", status, "sentAt", "errorMessage", "createdAt",
                                     "updatedAt")
        SELECT e.id || '_rem_' || rm.n, v_org, e.id, e."startTime" - rm.before,
               CASE WHEN e.status = 'CANCELLED' THEN 'CANCELLED'
                    WHEN e."startTime" - rm.before > v_now THEN 'PENDING'
                    WHEN length(e.id) % 17 = 0 AND rm.n = 2 THEN 'FAILED'
                    ELSE 'SENT' END::"ReminderStatus",
               CASE WHEN e.status <> 'CANCELLED' AND e."startTime" - rm.before <= v_now AND NOT (length(e.id) % 17 = 0 AND rm.n = 2)
                    THEN e."startTime" - rm.before END,
               CASE WHEN e.status <> 'CANCELLED' AND e."startTime" - rm.before <= v_now AND length(e.id) % 17 = 0 AND rm.n = 2
                    THEN 'SMTP 451: temporary failure, retries exhausted' END,
               e."createdAt", least(v_now, greatest(e."createdAt", e."startTime" - rm.before))
        FROM "SchedulingEvent" e
        CROSS JOIN (VALUES (1, interval '1 day'), (2, interval '15 minutes')) AS rm(n, before)
        WHERE e."orgId" = v_org AND (rm.n = 2 OR e.status <> 'CANCELLED');

        -- ─── Booking system ───────────────────────────────────────────────────────────────
        INSERT INTO audit_availability (id, "orgId", "assignedToId", "dayOfWeek", "startTime", "endTime", timezone,
                                        "maxBookings", "isActive", "createdAt", "updatedAt")
        SELECT v_p || '_auditavail_' || dw.d || '_' || sl.n, v_org,
               CASE WHEN sl.n = 1 THEN NULL ELSE v_leads[1 + (dw.d + sl.n) % array_length(v_leads, 1)] END,
               dw.d, sl.st, sl.en, v_tz, CASE WHEN sl.n = 1 THEN 2 ELSE 1 END, true,
               v_now - interval '200 days', v_now - interval '30 days'
        FROM generate_series(1, 5) AS dw(d)
        CROSS JOIN (VALUES (1, '09:00', '12:00'), (2, '13:30', '17:00')) AS sl(n, st, en);

        INSERT INTO audit_blocked_dates (id, "orgId", "blockedDate", "startTime", "endTime", reason, "createdAt", "updatedAt")
        VALUES (v_p || '_blocked_1', v_org, v_today + interval '9 days', NULL, NULL, 'Team offsite', v_now - interval '20 days', v_now - interval '20 days'),
               (v_p || '_blocked_2', v_org, v_today + interval '16 days', '13:00', '17:00', 'Office move (afternoon)', v_now - interval '5 days', v_now - interval '5 days'),
               (v_p || '_blocked_3', v_org, v_today - interval '30 days', NULL, NULL, 'Public holiday', v_now - interval '90 days', v_now - interval '90 days');

        INSERT INTO audit_templates (id, "orgId", name, description, "auditType", sections, questions, checklists,
                                     "isActive", "createdAt", "updatedAt")
        VALUES
            (v_p || '_audittpl_sales', v_org, 'Sales process audit', 'From lead capture to close: where deals stall.',
             'SALES_PROCESS',
             '[{"key": "leads", "title": "Lead capture"}, {"key": "pipeline", "title": "Pipeline hygiene"}, {"key": "closing", "title": "Closing"}]',
             '[{"section": "leads", "text": "Where do most leads come from?", "type": "text"},
               {"section": "pipeline", "text": "How many stages does your pipeline have?", "type": "number"},
               {"section": "closing", "text": "What is your average sales cycle in days?", "type": "number"}]',
             '[{"title": "Before the call", "items": ["Request CRM export", "Review website forms"]},
               {"title": "After the call", "items": ["Send summary", "Book follow-up"]}]',
             true, v_now - interval '250 days', v_now - interval '60 days'),
            (v_p || '_audittpl_ops', v_org, 'Operational efficiency review', 'Where time goes in day-to-day operations.',
             'OPERATIONAL_EFFICIENCY',
             '[{"key": "tools", "title": "Tools"}, {"key": "handoffs", "title": "Hand-offs"}]',
             '[{"section": "tools", "text": "Which tools does the team use every day?", "type": "text"},
               {"section": "handoffs", "text": "Where do requests wait the longest?", "type": "text"}]',
             '[{"title": "Preparation", "items": ["Collect process maps", "Interview two team members"]}]',
             true, v_now - interval '180 days', v_now - interval '20 days'),
            (v_p || '_audittpl_pricing', v_org, 'Pricing strategy check', 'Draft: packaging and price points.',
             'PRICING_STRATEGY', '[{"key": "offers", "title": "Offers"}]',
             '[{"section": "offers", "text": "List your three best-selling offers and their prices.", "type": "text"}]',
             '[]', false, v_now - interval '40 days', v_now - interval '40 days');

        WITH g AS (
            SELECT i,
                   (abs(hashtextextended(v_p || ':booking:' || i, 0)) % 1000000000)::int AS a,
                   (abs(hashtextextended(v_p || ':booking:' || i, 1)) % 1000000000)::int AS b
            FROM generate_series(1, v_nbook) AS i
        ), x AS (
            SELECT g.*,
                   v_today + make_interval(days => CASE g.i WHEN 1 THEN -10 WHEN 2 THEN 5 WHEN 3 THEN -3 ELSE g.a % 50 - 25 END) AS day,
                   (ARRAY['09:00', '10:00', '11:00', '13:30', '14:30', '16:00'])[1 + (g.a / 100) % 6] AS slot,
                   v_first[1 + (g.b / 10) % array_length(v_first, 1)] AS fn,
                   v_last[1 + (g.b / 1000) % array_length(v_last, 1)] AS ln,
                   v_companies[1 + (g.b / 100000) % array_length(v_companies, 1)] AS company,
                   g.b % 100 AS r
            FROM g
        ), y AS (
            SELECT x.*,
                   CASE WHEN x.i = 1 THEN 'COMPLETED' WHEN x.i = 3 THEN 'CANCELLED'
                        WHEN x.day < v_today THEN CASE WHEN x.r < 75 THEN 'COMPLETED' WHEN x.r < 88 THEN 'NO_SHOW' ELSE 'CANCELLED' END
                        ELSE CASE WHEN x.r < 55 THEN 'CONFIRMED' WHEN x.r < 85 THEN 'PENDING' WHEN x.r < 93 THEN 'RESCHEDULED' ELSE 'CANCELLED' END
                   END AS st
            FROM x
        )
        INSERT INTO audit_bookings (id, "orgId", "userId", "assignedToId", "scheduledDate", "scheduledTime", timezone,
                                    duration, "clientName", "clientEmail", "clientPhone", "companyName", "auditType",
                                    status, notes, "meetingLink", "icsUid", "cancellationReason", "createdAt", "updatedAt")
        SELECT v_p || '_booking_' || y.i, v_org,
               CASE WHEN y.i % 4 = 0 THEN v_members[1 + y.i % array_length(v_members, 1)] END,
               v_leads[1 + y.i % array_length(v_leads, 1)],
               y.day, y.slot, v_tz, (ARRAY[45, 60, 90])[1 + y.a % 3],
               y.fn || ' ' || y.ln,
               lower(y.fn || '.' || y.ln) || '@' || trim(both '-' from regexp_replace(lower(y.company), '[^a-z0-9]+', '-', 'g')) || '.example',
               CASE WHEN y.r % 3 = 0 THEN NULL ELSE v_phone || lpad((100 + y.i % 900)::text, 3, '0') END,
               y.company,
               (ARRAY['GENERAL', 'SALES_PROCESS', 'MARKETING_FUNNEL', 'PRICING_STRATEGY', 'CUSTOMER_RETENTION',
                      'DIGITAL_TRANSFORMATION', 'OPERATIONAL_EFFICIENCY'])[1 + (y.a / 1000) % 7]::"AuditType",
               y.st::"BookingStatus",
               CASE WHEN y.r % 2 = 0 THEN 'Wants to understand why ' || (ARRAY['leads go cold', 'repeat orders dropped', 'the team is always busy'])[1 + y.r % 3] || '.' END,
               'https://meet.google.com/' || translate(substr(md5(v_p || 'b' || y.i), 1, 3), '0123456789', 'ghijkmnpqr') || '-'
                   || translate(substr(md5(v_p || 'b' || y.i), 4, 4), '0123456789', 'ghijkmnpqr') || '-'
                   || translate(substr(md5(v_p || 'b' || y.i), 8, 3), '0123456789', 'ghijkmnpqr'),
               v_p || '-booking-' || y.i || '@' || v_domain,
               CASE WHEN y.st = 'CANCELLED' THEN (ARRAY['Client rescheduled to next quarter', 'Budget freeze', 'Double booking'])[1 + y.r % 3] END,
               least(v_now, y.day) - make_interval(days => 3 + y.r % 12), least(v_now, y.day + interval '1 day') - make_interval(hours => 1 + y.r % 20)
        FROM y;

        INSERT INTO audit_notifications (id, "orgId", "bookingId", type, "recipientEmail", "scheduledFor", sent, "sentAt",
                                         attempts, "lastError", "createdAt", "updatedAt")
        SELECT b.id || '_notif_' || lower(nt.t), v_org, b.id, nt.t::"NotificationType", b."clientEmail", sf.ts,
               sf.ts <= v_now, CASE WHEN sf.ts <= v_now THEN sf.ts END,
               CASE WHEN sf.ts <= v_now THEN 1 ELSE 0 END, NULL, b."createdAt", least(v_now, greatest(b."createdAt", sf.ts))
        FROM audit_bookings b
        CROSS JOIN (VALUES ('CONFIRMATION'), ('REMINDER_24H'), ('REMINDER_2H'), ('CANCELLATION'), ('FOLLOW_UP')) AS nt(t)
        CROSS JOIN LATERAL (
            SELECT CASE nt.t
                       WHEN 'CONFIRMATION' THEN b."createdAt" + interval '1 minute'
                       WHEN 'REMINDER_24H' THEN ((b."scheduledDate" + b."scheduledTime"::time) AT TIME ZONE b.timezone) AT TIME ZONE 'UTC' - interval '24 hours'
                       WHEN 'REMINDER_2H' THEN ((b."scheduledDate" + b."scheduledTime"::time) AT TIME ZONE b.timezone) AT TIME ZONE 'UTC' - interval '2 hours'
                       WHEN 'CANCELLATION' THEN b."updatedAt"
                       ELSE ((b."scheduledDate" + b."scheduledTime"::time) AT TIME ZONE b.timezone) AT TIME ZONE 'UTC' + interval '1 day'
                   END AS ts
        ) AS sf
        WHERE b."orgId" = v_org
          AND CASE nt.t
                  WHEN 'CONFIRMATION' THEN b.status <> 'PENDING'
                  WHEN 'CANCELLATION' THEN b.status = 'CANCELLED'
                  WHEN 'FOLLOW_UP' THEN b.status = 'COMPLETED'
                  ELSE b.status IN ('CONFIRMED', 'RESCHEDULED', 'COMPLETED', 'NO_SHOW')
              END;

        INSERT INTO revenue_audits (id, "orgId", "bookingId", "assignedToId", "companyName", "contactName", "contactEmail",
                                    industry, "currentChallenges", "specificAreas", "auditResults", recommendations,
                                    "completedAt", "createdAt", "updatedAt")
        SELECT b.id || '_audit', v_org, b.id, b."assignedToId", b."companyName", b."clientName", b."clientEmail",
               v_industries[1 + length(b.id) % array_length(v_industries, 1)],
               'Revenue flat for three quarters; most new business comes from referrals only.',
               ARRAY['lead generation', 'pricing', 'retention'],
               jsonb_build_object('score', 55 + length(b."clientName") % 35,
                                  'findings', jsonb_build_array('No follow-up after the first quote',
                                                                'Prices unchanged since 2023',
                                                                'No re-engagement e-mails to past customers')),
               jsonb_build_array(jsonb_build_object('title', 'Automate quote follow-ups', 'impact', 'high'),
                                 jsonb_build_object('title', 'Introduce a premium tier', 'impact', 'medium')),
               least(v_now, b."scheduledDate" + interval '3 days'), b."createdAt", least(v_now, b."scheduledDate" + interval '3 days')
        FROM audit_bookings b
        WHERE b."orgId" = v_org AND b.status = 'COMPLETED';

        WITH g AS (
            SELECT i, (abs(hashtextextended(v_p || ':consult:' || i, 0)) % 1000000000)::int AS a
            FROM generate_series(1, v_ncons) AS i
        ), x AS (
            SELECT g.*,
                   ((v_today + make_interval(days => CASE g.i WHEN 1 THEN -7 WHEN 2 THEN 4 ELSE g.a % 40 - 20 END,
                                             hours => 10 + (g.a / 100) % 6)) AT TIME ZONE v_tz) AT TIME ZONE 'UTC' AS ts,
                   v_first[1 + (g.a / 1000) % array_length(v_first, 1)] AS fn,
                   v_last[1 + (g.a / 100000) % array_length(v_last, 1)] AS ln,
                   v_companies[1 + (g.a / 10) % array_length(v_companies, 1)] AS company,
                   (g.a / 10000000) % 100 AS r
            FROM g
        )
        INSERT INTO consultations (id, "orgId", "userId", "assignedToId", "consultationType", "scheduledAt", duration,
                                   status, "clientName", "clientEmail", "clientPhone", "companyName", notes,
                                   "meetingLink", "actionItems", "proposalGenerated", "createdAt", "updatedAt")
        SELECT v_p || '_consult_' || x.i, v_org,
               CASE WHEN x.i % 3 = 0 THEN v_members[1 + x.i % array_length(v_members, 1)] END,
               v_leads[1 + x.i % array_length(v_leads, 1)],
               (ARRAY['STRATEGY', 'TECHNICAL', 'IMPLEMENTATION', 'OPTIMIZATION', 'TRAINING', 'GENERAL'])[1 + x.i % 6]::"ConsultationType",
               x.ts, (ARRAY[30, 60, 90])[1 + x.r % 3],
               CASE WHEN x.i = 1 THEN 'COMPLETED'
                    WHEN x.ts < v_now THEN CASE WHEN x.r < 80 THEN 'COMPLETED' WHEN x.r < 90 THEN 'NO_SHOW' ELSE 'CANCELLED' END
                    ELSE CASE WHEN x.r < 85 THEN 'SCHEDULED' ELSE 'RESCHEDULED' END END::"MeetingStatus",
               x.fn || ' ' || x.ln,
               lower(x.fn || '.' || x.ln) || '@' || trim(both '-' from regexp_replace(lower(x.company), '[^a-z0-9]+', '-', 'g')) || '.example',
               v_phone || lpad((200 + x.i % 800)::text, 3, '0'), x.company,
               'Prepared: current setup, goals for the next two quarters.',
               'https://zoom.example/j/' || (8000000000 + x.i * 7919)::text,
               CASE WHEN x.ts < v_now THEN jsonb_build_array(
                        jsonb_build_object('text', 'Send proposal', 'owner', v_unames[1 + x.i % 3], 'due', to_char(x.ts + interval '3 days', 'YYYY-MM-DD'), 'done', x.r % 2 = 0),
                        jsonb_build_object('text', 'Share access to analytics', 'owner', x.fn || ' ' || x.ln, 'due', to_char(x.ts + interval '5 days', 'YYYY-MM-DD'), 'done', false)) END,
               x.ts < v_now AND x.r % 2 = 0,
               least(v_now, x.ts) - make_interval(days => 2 + x.r % 10), least(v_now, x.ts + interval '2 hours')
        FROM x;

        INSERT INTO follow_ups (id, "orgId", "consultationId", "bookingId", "assignedToId", title, notes, "dueDate", status,
                                "completedAt", "createdAt", "updatedAt")
        SELECT c.id || '_followup', v_org, c.id, NULL, c."assignedToId", 'Send proposal to ' || c."companyName",
               'Summarise the action items from the consultation.', c."scheduledAt" + interval '3 days',
               CASE WHEN c."scheduledAt" + interval '3 days' < v_now AND length(c.id) % 3 <> 0 THEN 'COMPLETED' ELSE 'PENDING' END::"FollowUpStatus",
               CASE WHEN c."scheduledAt" + interval '3 days' < v_now AND length(c.id) % 3 <> 0 THEN c."scheduledAt" + interval '2 days' END,
               c."scheduledAt" + interval '1 hour', least(v_now, c."scheduledAt" + interval '2 days')
        FROM consultations c
        WHERE c."orgId" = v_org AND c.status = 'COMPLETED'
        UNION ALL
        SELECT b.id || '_followup', v_org, NULL, b.id, b."assignedToId", 'Deliver audit report to ' || b."companyName",
               NULL, b."scheduledDate" + interval '7 days',
               CASE WHEN b."scheduledDate" + interval '7 days' < v_now THEN 'COMPLETED' ELSE 'PENDING' END::"FollowUpStatus",
               CASE WHEN b."scheduledDate" + interval '7 days' < v_now THEN b."scheduledDate" + interval '6 days' END,
               b."scheduledDate" + interval '1 day', least(v_now, b."scheduledDate" + interval '6 days')
        FROM audit_bookings b
        WHERE b."orgId" = v_org AND b.status = 'COMPLETED';

        -- ─── Companies, contacts, engagements ─────────────────────────────────────────────
        INSERT INTO "Company" (id, "orgId", name, website, industry, size, "billingEmail", phone, address, notes,
                               "createdAt", "updatedAt")
        SELECT v_p || '_company_' || c.i, v_org, v_companies[c.i],
               'https://www.' || trim(both '-' from regexp_replace(lower(v_companies[c.i]), '[^a-z0-9]+', '-', 'g')) || '.example',
               v_industries[c.i], (ARRAY['1-10', '11-50', '51-200', '201-500'])[1 + c.i % 4],
               'accounts@' || trim(both '-' from regexp_replace(lower(v_companies[c.i]), '[^a-z0-9]+', '-', 'g')) || '.example',
               v_phone || lpad((c.i * 37 % 1000)::text, 3, '0'),
               jsonb_build_object('street', (10 + c.i * 7) || ' ' || (ARRAY['Main Street', 'Harbor Road', 'Mill Lane', 'Park Avenue'])[1 + c.i % 4],
                                  'city', v_cities[1 + c.i % array_length(v_cities, 1)],
                                  'country', CASE WHEN v_p = 'nw' THEN 'US' ELSE 'DE' END),
               CASE WHEN c.i % 3 = 0 THEN 'Prefers invoices as PDF to the billing address; net 30.' END,
               v_now - make_interval(days => 360 - c.i * 9), v_now - make_interval(days => c.i)
        FROM generate_series(1, array_length(v_companies, 1)) AS c(i);

        INSERT INTO "Contact" (id, "orgId", "companyId", "firstName", "lastName", email, phone, role, "isPrimary",
                               "createdAt", "updatedAt")
        SELECT v_p || '_contact_' || c.i || '_' || k.j, v_org, v_p || '_company_' || c.i,
               v_first[1 + (c.i * 3 + k.j * 7) % array_length(v_first, 1)],
               v_last[1 + (c.i * 5 + k.j) % array_length(v_last, 1)],
               lower(v_first[1 + (c.i * 3 + k.j * 7) % array_length(v_first, 1)]) || '@'
                   || trim(both '-' from regexp_replace(lower(v_companies[c.i]), '[^a-z0-9]+', '-', 'g')) || '.example',
               v_phone || lpad(((c.i * 37 + k.j * 11) % 1000)::text, 3, '0'),
               v_jobtitles[1 + (c.i + k.j * 3) % array_length(v_jobtitles, 1)], k.j = 1,
               v_now - make_interval(days => 350 - c.i * 9), v_now - make_interval(days => c.i + k.j)
        FROM generate_series(1, array_length(v_companies, 1)) AS c(i)
        CROSS JOIN generate_series(1, 2) AS k(j);

        INSERT INTO "Engagement" (id, "orgId", "companyId", "ownerId", name, status, "startDate", "endDate",
                                  "budgetAmount", currency, "billingModel", "scopeSummary", "createdAt", "updatedAt")
        SELECT v_p || '_eng_' || e.i, v_org, v_p || '_company_' || e.i, v_leads[1 + e.i % array_length(v_leads, 1)],
               v_companies[e.i] || ' — ' || v_engnames[1 + (e.i - 1) % array_length(v_engnames, 1)],
               (ARRAY['ACTIVE', 'ACTIVE', 'DRAFT', 'ACTIVE', 'PAUSED', 'CLOSED', 'ACTIVE'])[1 + (e.i - 1) % 7]::"EngagementStatus",
               v_today - make_interval(days => 120 - e.i * 12), v_today + make_interval(days => 60 + e.i * 10),
               round((12000 + e.i * 4500)::numeric, 2), v_currency,
               (ARRAY['FIXED_FEE', 'RETAINER', 'TIME_AND_MATERIALS'])[1 + e.i % 3]::"BillingModel",
               v_engnames[1 + (e.i - 1) % array_length(v_engnames, 1)] || ' for ' || v_companies[e.i]
                   || ': discovery, delivery in phases, monthly status reports.',
               v_now - make_interval(days => 130 - e.i * 12), v_now - make_interval(days => e.i)
        FROM generate_series(1, v_neng) AS e(i);

        INSERT INTO "EngagementStakeholder" (id, "orgId", "engagementId", "contactId", role, "createdAt", "updatedAt")
        SELECT v_p || '_stake_' || e.i || '_' || k.j, v_org, v_p || '_eng_' || e.i, v_p || '_contact_' || e.i || '_' || k.j,
               (ARRAY['Sponsor', 'Day-to-day contact'])[k.j], v_now - make_interval(days => 125 - e.i * 12),
               v_now - make_interval(days => 125 - e.i * 12)
        FROM generate_series(1, v_neng) AS e(i)
        CROSS JOIN generate_series(1, 2) AS k(j);

        INSERT INTO "Environment" (id, "orgId", "engagementId", name, url, notes, "createdAt", "updatedAt")
        SELECT v_p || '_env_' || e.i || '_' || lower(en.name), v_org, v_p || '_eng_' || e.i, en.name,
               'https://' || en.sub || '.' || trim(both '-' from regexp_replace(lower(v_companies[e.i]), '[^a-z0-9]+', '-', 'g')) || '.example',
               en.notes, v_now - make_interval(days => 110 - e.i * 12), v_now - make_interval(days => e.i)
        FROM generate_series(1, v_neng) AS e(i)
        CROSS JOIN (VALUES ('Production', 'www', 'Deploys on Tuesdays and Thursdays only.'),
                           ('Staging', 'staging', 'Password-protected; credentials in the vault.')) AS en(name, sub, notes);

        INSERT INTO "Milestone" (id, "orgId", "engagementId", title, description, "dueDate", amount, status, "completedAt",
                                 "invoicedAt", "createdAt", "updatedAt")
        SELECT e.id || '_ms_' || m.j, v_org, e.id, v_mstitles[m.j],
               v_mstitles[m.j] || ' phase of ' || e.name || '.',
               e."startDate" + make_interval(days => m.j * 35),
               round(e."budgetAmount" / 4, 2),
               CASE WHEN e."startDate" + make_interval(days => m.j * 35) < v_today - interval '10 days'
                    THEN CASE WHEN m.j % 2 = 1 THEN 'INVOICED' ELSE 'COMPLETE' END
                    WHEN e."startDate" + make_interval(days => (m.j - 1) * 35) < v_today THEN 'IN_PROGRESS'
                    ELSE 'PLANNED' END::"MilestoneStatus",
               CASE WHEN e."startDate" + make_interval(days => m.j * 35) < v_today - interval '10 days'
                    THEN e."startDate" + make_interval(days => m.j * 35 - 2) END,
               CASE WHEN e."startDate" + make_interval(days => m.j * 35) < v_today - interval '10 days' AND m.j % 2 = 1
                    THEN e."startDate" + make_interval(days => m.j * 35 + 1) END,
               e."createdAt", least(v_now, e."startDate" + make_interval(days => m.j * 35 + 1))
        FROM "Engagement" e
        CROSS JOIN generate_series(1, array_length(v_mstitles, 1)) AS m(j)
        WHERE e."orgId" = v_org;

        INSERT INTO "AccessRequest" (id, "orgId", "engagementId", "requestedById", type, details, status, "grantedAt",
                                     "createdAt", "updatedAt")
        SELECT v_p || '_access_' || e.i || '_' || k.j, v_org, v_p || '_eng_' || e.i,
               v_staff[1 + (e.i + k.j) % array_length(v_staff, 1)],
               v_access[1 + (e.i + k.j) % array_length(v_access, 1)]::"AccessType",
               (ARRAY['Read access to the main repository for two developers',
                      'Viewer access to the analytics property',
                      'Deploy access to the staging environment',
                      'Guest access to the client project board'])[1 + (e.i + k.j) % 4],
               (ARRAY['GRANTED', 'PENDING', 'GRANTED', 'DENIED', 'REVOKED'])[1 + (e.i * 2 + k.j) % 5]::"AccessRequestStatus",
               CASE WHEN (ARRAY['GRANTED', 'PENDING', 'GRANTED', 'DENIED', 'REVOKED'])[1 + (e.i * 2 + k.j) % 5] IN ('GRANTED', 'REVOKED')
                    THEN v_now - make_interval(days => 60 - e.i * 5) END,
               v_now - make_interval(days => 65 - e.i * 5), v_now - make_interval(days => 50 - e.i * 5)
        FROM generate_series(1, v_neng) AS e(i)
        CROSS JOIN generate_series(1, 2) AS k(j);

        INSERT INTO "ClientCall" (id, "orgId", "companyId", "assignedToId", title, "contactName", "contactEmail",
                                  "contactPhone", "scheduledAt", duration, status, notes, "createdAt", "updatedAt")
        SELECT v_p || '_call_' || c.i, v_org, co.id, v_staff[1 + c.i % array_length(v_staff, 1)],
               (ARRAY['Check-in call', 'Renewal discussion', 'Incident debrief', 'Upsell: care plan', 'Invoice question'])[1 + c.i % 5],
               ct."firstName" || ' ' || ct."lastName", ct.email, ct.phone,
               ((v_today + make_interval(days => (c.i * 5) % 30 - 12, hours => 10 + c.i % 6)) AT TIME ZONE v_tz) AT TIME ZONE 'UTC',
               (ARRAY[15, 30, 45])[1 + c.i % 3],
               CASE WHEN (c.i * 5) % 30 - 12 < 0 THEN (ARRAY['COMPLETED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'])[1 + c.i % 4]
                    ELSE (ARRAY['SCHEDULED', 'SCHEDULED', 'RESCHEDULED'])[1 + c.i % 3] END::"MeetingStatus",
               CASE WHEN (c.i * 5) % 30 - 12 < 0 THEN 'Happy with progress; wants a quote for phase two.' END,
               v_now - make_interval(days => 20 + c.i), v_now - make_interval(days => c.i % 7)
        FROM generate_series(1, v_ncall) AS c(i)
        JOIN "Company" co ON co.id = v_p || '_company_' || (1 + (c.i - 1) % array_length(v_companies, 1))
        JOIN "Contact" ct ON ct.id = v_p || '_contact_' || (1 + (c.i - 1) % array_length(v_companies, 1)) || '_1';

        -- ─── Marketplace ──────────────────────────────────────────────────────────────────
        INSERT INTO categories (id, "orgId", name, slug, description, "createdAt", "updatedAt")
        SELECT v_p || '_cat_' || (cj.j->>'slug'), v_org, cj.j->>'name', cj.j->>'slug', cj.j->>'desc',
               v_now - interval '300 days', v_now - interval '100 days'
        FROM jsonb_array_elements(v_cats) AS cj(j);

        INSERT INTO tags (id, "orgId", name, slug, "createdAt", "updatedAt")
        SELECT v_p || '_tag_' || (tj.j->>'slug'), v_org, tj.j->>'name', tj.j->>'slug', v_now - interval '300 days', v_now - interval '300 days'
        FROM jsonb_array_elements(v_tags) AS tj(j);

        INSERT INTO marketplace_items (id, "orgId", title, slug, description, "shortDescription", price, currency,
                                       "itemType", "deliveryMethod", "durationType", "categoryId", stock, images,
                                       features, featured, "isPublished", "createdAt", "updatedAt")
        SELECT v_p || '_product_' || pj.n, v_org, pj.j->>'title', pj.j->>'slug',
               (pj.j->>'short') || ' ' || 'Includes: ' || array_to_string(ARRAY(SELECT jsonb_array_elements_text(pj.j->'features')), ', ') || '.',
               pj.j->>'short', round((pj.j->>'price')::numeric, 2), v_currency,
               (pj.j->>'type')::"ItemType", (pj.j->>'delivery')::"DeliveryMethod", (pj.j->>'duration')::"DurationType",
               v_p || '_cat_' || (pj.j->>'cat'), (pj.j->>'stock')::int,
               ARRAY['https://cdn.' || v_domain || '/shop/' || (pj.j->>'slug') || '.jpg'],
               ARRAY(SELECT jsonb_array_elements_text(pj.j->'features')),
               coalesce((pj.j->>'featured')::boolean, false), pj.n::int % 9 <> 0,
               v_now - make_interval(days => 200 - pj.n::int * 5), v_now - make_interval(days => pj.n::int * 2)
        FROM jsonb_array_elements(v_products) WITH ORDINALITY AS pj(j, n);

        INSERT INTO marketplace_item_tags ("orgId", "itemId", "tagId", "createdAt")
        SELECT v_org, v_p || '_product_' || pj.n, v_p || '_tag_' || tg.slug, v_now - make_interval(days => 200 - pj.n::int * 5)
        FROM jsonb_array_elements(v_products) WITH ORDINALITY AS pj(j, n)
        CROSS JOIN LATERAL jsonb_array_elements_text(pj.j->'tags') AS tg(slug);

        -- Orders with their line items in one statement; totals are the sums of the lines.
        WITH it AS (
            SELECT row_number() OVER (ORDER BY "createdAt", id) AS rn, id, title, price, "itemType"
            FROM marketplace_items WHERE "orgId" = v_org AND "isPublished"
        ), nit AS (
            SELECT count(*)::int AS cnt FROM it
        ), g AS (
            SELECT o,
                   (abs(hashtextextended(v_p || ':order:' || o, 0)) % 1000000000)::int AS a,
                   (abs(hashtextextended(v_p || ':order:' || o, 1)) % 1000000000)::int AS b
            FROM generate_series(1, v_nord) AS o
        ), go AS (
            SELECT g.*,
                   CASE WHEN g.o <= 7 THEN (ARRAY['PENDING', 'PROCESSING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'])[g.o]
                        WHEN g.a % 100 < 45 THEN 'DELIVERED' WHEN g.a % 100 < 57 THEN 'CONFIRMED'
                        WHEN g.a % 100 < 67 THEN 'PROCESSING' WHEN g.a % 100 < 75 THEN 'SHIPPED'
                        WHEN g.a % 100 < 87 THEN 'PENDING' WHEN g.a % 100 < 95 THEN 'CANCELLED' ELSE 'REFUNDED' END AS st,
                   v_now - make_interval(days => CASE WHEN g.o <= 2 THEN 0 ELSE (g.b / 1000) % 180 END, mins => 5 + g.b % 1000) AS created,
                   CASE WHEN g.o % 5 = 0 THEN v_members[1 + (g.o / 5) % array_length(v_members, 1)] END AS uid,
                   v_first[1 + (g.a / 1000) % array_length(v_first, 1)] AS fn,
                   v_last[1 + (g.a / 100000) % array_length(v_last, 1)] AS ln,
                   (ARRAY['STRIPE', 'STRIPE', 'PAYPAL', 'BANK_TRANSFER'])[1 + (g.b / 100000) % 4] AS pm
            FROM g
        ), lines AS (
            SELECT go.o, l.n AS line, it.id AS item_id, it.title, it.price,
                   CASE WHEN it."itemType" = 'PRODUCT' THEN 1 + (go.b / 10 + l.n) % 3 ELSE 1 END AS qty
            FROM go
            CROSS JOIN nit
            CROSS JOIN LATERAL generate_series(1, 1 + go.a % 3) AS l(n)
            JOIN it ON it.rn = 1 + (go.b + l.n * 7) % nit.cnt
        ), tot AS (
            SELECT o, sum(price * qty) AS subtotal FROM lines GROUP BY o
        ), ins_orders AS (
            INSERT INTO orders (id, "orgId", "orderNumber", "userId", status, subtotal, tax, total, currency,
                                "paymentMethod", "paymentStatus", "paymentId", "customerEmail", "customerName",
                                "billingAddress", notes, "paidAt", "createdAt", "updatedAt")
            SELECT v_p || '_order_' || go.o, v_org, upper(v_p) || '-' || lpad((1000 + go.o)::text, 6, '0'), go.uid,
                   go.st::"OrderStatus", tot.subtotal, round(tot.subtotal * v_taxrate, 2),
                   tot.subtotal + round(tot.subtotal * v_taxrate, 2), v_currency,
                   go.pm::"PaymentMethod",
                   CASE go.st WHEN 'PENDING' THEN 'PENDING' WHEN 'CANCELLED' THEN 'CANCELLED' WHEN 'REFUNDED' THEN 'REFUNDED'
                              ELSE 'COMPLETED' END::"PaymentStatus",
                   CASE WHEN go.st IN ('PENDING', 'CANCELLED') THEN NULL
                        WHEN go.pm = 'STRIPE' THEN 'pi_' || substr(md5(v_p || ':pay:' || go.o), 1, 24)
                        WHEN go.pm = 'PAYPAL' THEN 'PAYID-' || upper(substr(md5(v_p || ':pay:' || go.o), 1, 20))
                        ELSE 'TRF-' || upper(substr(md5(v_p || ':pay:' || go.o), 1, 10)) END,
                   coalesce(u.email, lower(go.fn || '.' || go.ln) || go.o || '@mail.example'),
                   coalesce(u.name, go.fn || ' ' || go.ln),
                   jsonb_build_object('line1', (go.o % 200 + 1) || ' ' || (ARRAY['Oak Street', 'Elm Avenue', 'River Road', 'Station Square'])[1 + go.o % 4],
                                      'city', v_cities[1 + go.o % array_length(v_cities, 1)],
                                      'country', CASE WHEN v_p = 'nw' THEN 'US' ELSE 'DE' END),
                   CASE WHEN go.st = 'REFUNDED' THEN 'Refunded at customer request (duplicate purchase).' END,
                   CASE WHEN go.st NOT IN ('PENDING', 'CANCELLED') THEN go.created + interval '2 minutes' END,
                   go.created,
                   CASE WHEN go.st IN ('PENDING') THEN go.created ELSE least(v_now, go.created + interval '2 days') END
            FROM go
            JOIN tot ON tot.o = go.o
            LEFT JOIN users u ON u.id = go.uid
            RETURNING id
        )
        INSERT INTO order_items (id, "orgId", "orderId", "marketplaceItemId", title, "unitPrice", quantity, subtotal,
                                 "fulfillmentStatus", "fulfilledAt", "createdAt", "updatedAt")
        SELECT v_p || '_order_' || lines.o || '_' || lines.line, v_org, v_p || '_order_' || lines.o, lines.item_id,
               lines.title, lines.price, lines.qty, lines.price * lines.qty,
               CASE go.st WHEN 'DELIVERED' THEN 'DELIVERED' WHEN 'SHIPPED' THEN 'IN_PROGRESS' WHEN 'PROCESSING' THEN 'IN_PROGRESS'
                          WHEN 'CANCELLED' THEN 'CANCELLED' WHEN 'REFUNDED' THEN 'CANCELLED' ELSE 'PENDING' END::"FulfillmentStatus",
               CASE WHEN go.st = 'DELIVERED' THEN least(v_now, go.created + interval '1 day') END,
               go.created, CASE WHEN go.st = 'PENDING' THEN go.created ELSE least(v_now, go.created + interval '2 days') END
        FROM lines
        JOIN go ON go.o = lines.o;

        INSERT INTO wishlists (id, "orgId", "userId", "itemId", "createdAt")
        SELECT m.uid || '_wish_' || pi.n, v_org, m.uid, v_p || '_product_' || pi.n, v_now - make_interval(days => (m.n::int * 3 + pi.n::int) % 40)
        FROM unnest(v_members) WITH ORDINALITY AS m(uid, n)
        CROSS JOIN generate_series(1, jsonb_array_length(v_products)) AS pi(n)
        WHERE (m.n * 31 + pi.n * 17) % 4 = 0 OR (m.n = 1 AND pi.n = 1);

        -- ─── Content ──────────────────────────────────────────────────────────────────────
        INSERT INTO posts (id, "orgId", "authorId", "categoryId", title, slug, excerpt, content, "featuredImage", status,
                           "publishedAt", "viewCount", "metaTitle", "metaDescription", keywords, "createdAt", "updatedAt")
        SELECT v_p || '_post_' || pj.n, v_org, v_leads[1 + pj.n::int % array_length(v_leads, 1)],
               v_p || '_cat_' || (pj.j->>'cat'), pj.j->>'title', pj.j->>'slug', pj.j->>'excerpt',
               '# ' || (pj.j->>'title') || E'\n\n' || (pj.j->>'excerpt') || E'\n\n'
                   || E'## Where to start\n\nBegin with what your customers are trying to do, not with the tools. '
                   || E'Write down the three questions you hear most often and check how quickly your website answers them.\n\n'
                   || E'## What we recommend\n\n- Measure before you change anything.\n- Fix the biggest obstacle first.\n'
                   || E'- Review the result after four weeks.\n\nQuestions? Reply to our newsletter or book a free call.',
               'https://cdn.' || v_domain || '/blog/' || (pj.j->>'slug') || '.jpg',
               (pj.j->>'status')::"PostStatus",
               CASE WHEN pj.j->>'status' <> 'DRAFT' THEN v_now - make_interval(days => (pj.j->>'days')::int) END,
               CASE WHEN pj.j->>'status' = 'DRAFT' THEN 0 ELSE 40 * (pj.j->>'days')::int + pj.n::int * 13 END,
               pj.j->>'title', pj.j->>'excerpt',
               ARRAY(SELECT jsonb_array_elements_text(pj.j->'tags')),
               v_now - make_interval(days => (pj.j->>'days')::int + 3), v_now - make_interval(days => greatest((pj.j->>'days')::int - 1, 0))
        FROM jsonb_array_elements(v_posts) WITH ORDINALITY AS pj(j, n);

        INSERT INTO post_tags ("orgId", "postId", "tagId", "createdAt")
        SELECT v_org, v_p || '_post_' || pj.n, v_p || '_tag_' || tg.slug, v_now - make_interval(days => (pj.j->>'days')::int + 3)
        FROM jsonb_array_elements(v_posts) WITH ORDINALITY AS pj(j, n)
        CROSS JOIN LATERAL jsonb_array_elements_text(pj.j->'tags') AS tg(slug);

        INSERT INTO comments (id, "orgId", "postId", "authorId", content, "createdAt", "updatedAt")
        SELECT po.id || '_comment_' || k.j, v_org, po.id, v_all[1 + (length(po.slug) + k.j * 5) % array_length(v_all, 1)],
               v_comments[1 + (length(po.slug) + k.j) % array_length(v_comments, 1)],
               po."publishedAt" + make_interval(hours => k.j * 9), po."publishedAt" + make_interval(hours => k.j * 9)
        FROM posts po
        CROSS JOIN generate_series(1, 3) AS k(j)
        WHERE po."orgId" = v_org AND po.status = 'PUBLISHED' AND k.j <= 1 + length(po.slug) % 3;

        INSERT INTO likes (id, "orgId", "postId", "userId", "createdAt")
        SELECT po.id || '_like_' || u.n, v_org, po.id, u.uid, po."publishedAt" + make_interval(hours => u.n::int * 5)
        FROM posts po
        CROSS JOIN unnest(v_all) WITH ORDINALITY AS u(uid, n)
        WHERE po."orgId" = v_org AND po.status = 'PUBLISHED' AND (length(po.slug) + u.n) % 3 <> 0;

        INSERT INTO testimonials (id, "orgId", "authorId", "authorName", "authorTitle", company, "avatarUrl", content,
                                  rating, featured, published, "createdAt", "updatedAt")
        SELECT v_p || '_testimonial_' || tj.n, v_org, NULL, tj.j->>'name', tj.j->>'title', tj.j->>'company', NULL,
               tj.j->>'text', (tj.j->>'rating')::int, (tj.j->>'featured')::boolean, tj.n < 4 OR tj.n::int % 2 = 0,
               v_now - make_interval(days => 100 - tj.n::int * 10), v_now - make_interval(days => 90 - tj.n::int * 10)
        FROM jsonb_array_elements(v_testimonials) WITH ORDINALITY AS tj(j, n);

        -- ─── Newsletter ───────────────────────────────────────────────────────────────────
        INSERT INTO newsletter_templates (id, "orgId", name, description, "htmlContent", variables, "isDefault",
                                          "createdAt", "updatedAt")
        VALUES
            (v_p || '_nltpl_monthly', v_org, 'Monthly update', 'Logo header, three stories, footer with unsubscribe link.',
             '<html><body style="font-family:sans-serif"><h1>{{title}}</h1><p>Hi {{firstName}},</p>{{content}}'
             || '<hr><p style="font-size:12px">' || v_orgname || ' · <a href="{{unsubscribeUrl}}">Unsubscribe</a></p></body></html>',
             ARRAY['title', 'firstName', 'content', 'unsubscribeUrl'], true, v_now - interval '300 days', v_now - interval '40 days'),
            (v_p || '_nltpl_announce', v_org, 'Announcement', 'Single message with one call-to-action button.',
             '<html><body style="font-family:sans-serif"><h1>{{headline}}</h1><p>{{content}}</p>'
             || '<p><a href="{{ctaUrl}}" style="background:#4c6ef5;color:#fff;padding:10px 16px">{{ctaLabel}}</a></p>'
             || '<p style="font-size:12px"><a href="{{unsubscribeUrl}}">Unsubscribe</a></p></body></html>',
             ARRAY['headline', 'content', 'ctaUrl', 'ctaLabel', 'unsubscribeUrl'], false, v_now - interval '200 days', v_now - interval '200 days');

        WITH g AS (
            SELECT i, (abs(hashtextextended(v_p || ':subscriber:' || i, 0)) % 1000000000)::int AS a
            FROM generate_series(1, v_nsub) AS i
        ), x AS (
            SELECT g.*,
                   v_first[1 + g.a % array_length(v_first, 1)] AS fn,
                   v_last[1 + (g.a / 100) % array_length(v_last, 1)] AS ln,
                   CASE WHEN g.i <= 5 THEN (ARRAY['PENDING', 'ACTIVE', 'UNSUBSCRIBED', 'BOUNCED', 'COMPLAINED'])[g.i]
                        WHEN (g.a / 10000) % 100 < 8 THEN 'PENDING' WHEN (g.a / 10000) % 100 < 86 THEN 'ACTIVE'
                        WHEN (g.a / 10000) % 100 < 95 THEN 'UNSUBSCRIBED' WHEN (g.a / 10000) % 100 < 99 THEN 'BOUNCED'
                        ELSE 'COMPLAINED' END AS st,
                   v_now - make_interval(days => 5 + (g.a / 1000000) % 400) AS created
            FROM g
        )
        INSERT INTO newsletter_subscribers (id, "orgId", email, name, status, "confirmationToken", "unsubscribeToken",
                                            "consentGiven", "consentAt", "consentIp", source, "confirmedAt",
                                            "unsubscribedAt", "createdAt", "updatedAt")
        SELECT v_p || '_sub_' || x.i, v_org,
               lower(left(x.fn, 1) || x.ln) || x.i || '@' || (ARRAY['mail.example', 'inbox.example', 'post.example'])[1 + x.i % 3],
               CASE WHEN x.i % 4 = 0 THEN NULL ELSE x.fn || ' ' || x.ln END,
               x.st::"SubscriptionStatus",
               CASE WHEN x.st = 'PENDING' THEN translate(encode(sha256(convert_to(v_p || ':confirm:' || x.i, 'UTF8')), 'base64'), '+/=', '-_') END,
               translate(encode(sha256(convert_to(v_p || ':unsubscribe:' || x.i, 'UTF8')), 'base64'), '+/=', '-_'),
               true, x.created, '203.0.113.' || (1 + x.i % 254),
               (ARRAY['website footer', 'blog', 'checkout', 'event signup', 'import'])[1 + x.i % 5],
               CASE WHEN x.st <> 'PENDING' THEN x.created + interval '10 minutes' END,
               CASE WHEN x.st = 'UNSUBSCRIBED' THEN x.created + (v_now - x.created) * 0.7 END,
               x.created,
               CASE WHEN x.st IN ('ACTIVE', 'PENDING') THEN x.created + interval '10 minutes' ELSE x.created + (v_now - x.created) * 0.7 END
        FROM x;

        INSERT INTO subscriber_preferences (id, "orgId", "subscriberId", "blogUpdates", "productUpdates", frequency,
                                            "createdAt", "updatedAt")
        SELECT s.id || '_prefs', v_org, s.id, length(s.email) % 4 <> 0, length(s.email) % 3 <> 0,
               (ARRAY['WEEKLY', 'MONTHLY', 'MONTHLY', 'DAILY', 'QUARTERLY'])[1 + length(s.email) % 5]::"EmailFrequency",
               s."createdAt", s."createdAt"
        FROM newsletter_subscribers s
        WHERE s."orgId" = v_org;

        -- Campaigns and their e-mails in one statement; the counters are computed from the e-mails.
        WITH c AS (
            SELECT v_p || '_campaign_' || cj.n AS id, cj.n::int AS n, cj.j,
                   v_now + make_interval(days => (cj.j->>'days')::int) AS ts
            FROM jsonb_array_elements(v_campaigns) WITH ORDINALITY AS cj(j, n)
        ), em AS (
            SELECT c.id AS campaign_id, s.id AS subscriber_id, c.ts, s.status AS sub_status,
                   (abs(hashtextextended(c.id || s.id, 0)) % 100)::int AS r
            FROM c
            JOIN newsletter_subscribers s ON s."orgId" = v_org AND s.status <> 'PENDING' AND s."confirmedAt" < c.ts
            WHERE c.j->>'status' = 'SENT'
        ), em2 AS (
            SELECT em.*,
                   CASE WHEN em.sub_status = 'BOUNCED' THEN 'BOUNCED' WHEN em.sub_status = 'COMPLAINED' THEN 'COMPLAINED'
                        WHEN em.r < 2 THEN 'FAILED' WHEN em.r < 45 THEN 'DELIVERED' WHEN em.r < 78 THEN 'OPENED'
                        ELSE 'CLICKED' END AS st
            FROM em
        ), stats AS (
            SELECT campaign_id, count(*) AS total, count(*) FILTER (WHERE st <> 'FAILED') AS sent,
                   count(*) FILTER (WHERE st IN ('OPENED', 'CLICKED', 'COMPLAINED')) AS opened,
                   count(*) FILTER (WHERE st = 'CLICKED') AS clicked
            FROM em2 GROUP BY campaign_id
        ), ins_campaigns AS (
            INSERT INTO newsletter_campaigns (id, "orgId", "templateId", "createdById", name, subject, preheader, "fromName",
                                              "fromEmail", "htmlContent", "textContent", status, "scheduledAt", "sentAt",
                                              "totalRecipients", "sentCount", "openCount", "clickCount", "createdAt",
                                              "updatedAt")
            SELECT c.id, v_org, CASE WHEN c.n % 2 = 1 THEN v_p || '_nltpl_monthly' ELSE v_p || '_nltpl_announce' END,
                   v_leads[1 + c.n % array_length(v_leads, 1)],
                   replace(c.j->>'name', '{month}', to_char(c.ts - interval '1 month', 'FMMonth')),
                   replace(c.j->>'subject', '{month}', to_char(c.ts - interval '1 month', 'FMMonth')), c.j->>'pre',
                   v_orgname, 'news@' || v_domain,
                   '<h1>' || replace(c.j->>'subject', '{month}', to_char(c.ts - interval '1 month', 'FMMonth'))
                       || '</h1><p>' || (c.j->>'pre') || '</p>',
                   replace(c.j->>'subject', '{month}', to_char(c.ts - interval '1 month', 'FMMonth')) || E'\n\n' || (c.j->>'pre'),
                   (c.j->>'status')::"CampaignStatus",
                   CASE WHEN c.j->>'status' IN ('SCHEDULED', 'SENT', 'CANCELLED') THEN c.ts END,
                   CASE WHEN c.j->>'status' = 'SENT' THEN c.ts END,
                   coalesce(st.total, CASE WHEN c.j->>'status' = 'SCHEDULED'
                                           THEN (SELECT count(*) FROM newsletter_subscribers s WHERE s."orgId" = v_org AND s.status = 'ACTIVE')
                                           ELSE 0 END),
                   coalesce(st.sent, 0), coalesce(st.opened, 0), coalesce(st.clicked, 0),
                   least(v_now, c.ts) - interval '4 days', least(v_now, c.ts + interval '3 days')
            FROM c LEFT JOIN stats st ON st.campaign_id = c.id
            RETURNING id
        )
        INSERT INTO newsletter_emails (id, "orgId", "campaignId", "subscriberId", status, "providerMessageId", "sentAt",
                                       "deliveredAt", "openedAt", "clickedAt", "bouncedAt", "errorMessage", "createdAt",
                                       "updatedAt")
        SELECT em2.campaign_id || '_' || em2.subscriber_id, v_org, em2.campaign_id, em2.subscriber_id, em2.st::"EmailStatus",
               CASE WHEN em2.st <> 'FAILED' THEN substr(md5(em2.campaign_id || em2.subscriber_id), 1, 22) END,
               CASE WHEN em2.st <> 'FAILED' THEN em2.ts END,
               CASE WHEN em2.st IN ('DELIVERED', 'OPENED', 'CLICKED', 'COMPLAINED') THEN em2.ts + interval '4 seconds' END,
               CASE WHEN em2.st IN ('OPENED', 'CLICKED', 'COMPLAINED') THEN em2.ts + make_interval(mins => 5 + em2.r * 17) END,
               CASE WHEN em2.st = 'CLICKED' THEN em2.ts + make_interval(mins => 7 + em2.r * 17) END,
               CASE WHEN em2.st = 'BOUNCED' THEN em2.ts + interval '9 seconds' END,
               CASE em2.st WHEN 'FAILED' THEN 'SendGrid 429: rate limited, gave up after 3 retries'
                           WHEN 'BOUNCED' THEN '550 5.1.1 mailbox does not exist' END,
               em2.ts - interval '1 minute', least(v_now, em2.ts + make_interval(mins => 7 + em2.r * 17))
        FROM em2;

        -- ─── Other ────────────────────────────────────────────────────────────────────────
        INSERT INTO contact_forms (id, "orgId", name, email, phone, company, subject, message, source, status,
                                   "createdAt", "updatedAt")
        SELECT v_p || '_form_' || f.i, v_org,
               v_first[1 + (f.i * 7) % array_length(v_first, 1)] || ' ' || v_last[1 + (f.i * 3) % array_length(v_last, 1)],
               lower(v_first[1 + (f.i * 7) % array_length(v_first, 1)] || '.' || v_last[1 + (f.i * 3) % array_length(v_last, 1)])
                   || '@' || trim(both '-' from regexp_replace(lower(v_companies[1 + f.i % array_length(v_companies, 1)]), '[^a-z0-9]+', '-', 'g')) || '.example',
               CASE WHEN f.i % 3 = 0 THEN v_phone || lpad((f.i % 1000)::text, 3, '0') END,
               v_companies[1 + f.i % array_length(v_companies, 1)],
               v_formsubjects[1 + f.i % array_length(v_formsubjects, 1)],
               'Hello, ' || lower(v_formsubjects[1 + f.i % array_length(v_formsubjects, 1)]) || ' — could someone get back to me this week? '
                   || 'Best time to reach me is in the morning.',
               (ARRAY['/contact', '/pricing', '/services', '/blog'])[1 + f.i % 4],
               CASE WHEN f.i <= 4 THEN (ARRAY['NEW', 'READ', 'REPLIED', 'ARCHIVED'])[f.i]
                    ELSE (ARRAY['NEW', 'READ', 'REPLIED', 'REPLIED', 'ARCHIVED'])[1 + (f.i * 13) % 5] END::"ContactFormStatus",
               v_now - make_interval(days => (f.i * 7) % 60, hours => f.i % 24), v_now - make_interval(days => (f.i * 7) % 60 / 2)
        FROM generate_series(1, v_nform) AS f(i);

        INSERT INTO ai_optimization_reports (id, "orgId", "userId", "companyName", "contactEmail", industry, "inputData",
                                             "reportData", summary, score, status, "llmProvider", "llmModel",
                                             "errorMessage", "createdAt", "updatedAt")
        SELECT v_p || '_aireport_' || r.i, v_org, v_leads[1 + r.i % array_length(v_leads, 1)], v_companies[r.i],
               'accounts@' || trim(both '-' from regexp_replace(lower(v_companies[r.i]), '[^a-z0-9]+', '-', 'g')) || '.example',
               v_industries[r.i],
               jsonb_build_object('monthlyVisitors', 4000 + r.i * 1500, 'conversionRate', 1.2 + r.i * 0.3,
                                  'channels', jsonb_build_array('organic', 'email', 'referral'),
                                  'goal', 'More qualified leads without more ad spend'),
               CASE WHEN r.i = 1 THEN jsonb_build_object(
                        'sections', jsonb_build_array(
                            jsonb_build_object('title', 'Website', 'score', 64, 'actions', jsonb_build_array('Shorten the contact form', 'Add case studies')),
                            jsonb_build_object('title', 'E-mail', 'score', 71, 'actions', jsonb_build_array('Welcome sequence for new subscribers')))) END,
               CASE WHEN r.i = 1 THEN 'Solid foundation; the biggest win is a shorter enquiry path and a welcome e-mail sequence.' END,
               CASE WHEN r.i = 1 THEN 68 END,
               (ARRAY['COMPLETED', 'GENERATING', 'FAILED', 'PENDING'])[r.i]::"ReportStatus",
               (ARRAY['CLAUDE', 'OPENAI', 'OPENAI', 'CLAUDE'])[r.i]::"LLMProvider",
               (ARRAY['claude-3-5-sonnet-20241022', 'gpt-4o', 'gpt-4o', 'claude-3-5-sonnet-20241022'])[r.i],
               CASE WHEN r.i = 3 THEN 'Provider returned 529 (overloaded); retry later.' END,
               v_now - make_interval(days => 10 - r.i * 2), v_now - make_interval(days => 10 - r.i * 2, mins => -3)
        FROM generate_series(1, 4) AS r(i);

        WITH g AS (
            SELECT i, (abs(hashtextextended(v_p || ':audit:' || i, 0)) % 1000000000)::int AS a
            FROM generate_series(1, v_naudit) AS i
        )
        INSERT INTO "AuditLog" (id, "orgId", "userId", action, "entityType", "entityId", changes, metadata, "ipAddress",
                                "userAgent", "createdAt")
        SELECT v_p || '_auditlog_' || g.i, v_org, v_staff[1 + (g.a / 100) % array_length(v_staff, 1)],
               ac.action, ac.etype,
               CASE ac.etype WHEN 'pipelineItem' THEN v_p || '_item_' || (1 + (g.a / 1000) % v_n)
                             WHEN 'orders' THEN v_p || '_order_' || (1 + (g.a / 1000) % v_nord)
                             WHEN 'Document' THEN v_p || '_doc_' || (1 + (g.a / 1000) % jsonb_array_length(v_docs))
                             WHEN 'users' THEN v_all[1 + (g.a / 1000) % array_length(v_all, 1)]
                             ELSE v_p || '_auto_' || (v_autos->((g.a / 1000) % jsonb_array_length(v_autos))->>'key') END,
               CASE ac.etype WHEN 'pipelineItem' THEN jsonb_build_object('stageId', jsonb_build_array('previous stage', 'next stage'))
                             WHEN 'orders' THEN jsonb_build_object('status', jsonb_build_array('DELIVERED', 'REFUNDED'))
                             WHEN 'users' THEN jsonb_build_object('role', jsonb_build_array('USER', 'OPERATOR'))
                             WHEN 'Automation' THEN jsonb_build_object('isActive', jsonb_build_array(true, false)) END,
               jsonb_build_object('client', CASE WHEN g.a % 2 = 0 THEN 'console' ELSE 'web' END),
               '198.51.100.' || (1 + g.a % 254),
               CASE WHEN g.a % 2 = 0 THEN 'AstralisConsole/1.0' ELSE 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15' END,
               v_now - make_interval(mins => (g.a / 10) % (60 * 24 * 60))
        FROM g
        CROSS JOIN LATERAL (
            SELECT (ARRAY['pipelineItem.move', 'order.refund', 'document.upload', 'user.role_change', 'automation.disable'])[1 + g.a % 5] AS action,
                   (ARRAY['pipelineItem', 'orders', 'Document', 'users', 'Automation'])[1 + g.a % 5] AS etype
        ) AS ac;

        WITH g AS (
            SELECT i, (abs(hashtextextended(v_p || ':activity:' || i, 0)) % 1000000000)::int AS a
            FROM generate_series(1, v_nact) AS i
        )
        INSERT INTO "ActivityLog" (id, "orgId", "userId", action, description, "entityType", "entityId", metadata, "createdAt")
        SELECT v_p || '_activity_' || g.i, v_org, v_all[1 + (g.a / 100) % array_length(v_all, 1)],
               (ARRAY['signed_in', 'viewed_board', 'moved_card', 'created_task', 'uploaded_document', 'commented'])[1 + g.a % 6],
               (ARRAY['Signed in', 'Opened the pipeline board', 'Moved a card to the next stage', 'Created a task',
                      'Uploaded a document', 'Commented on a post'])[1 + g.a % 6],
               (ARRAY[NULL, 'pipeline', 'pipelineItem', 'Task', 'Document', 'posts'])[1 + g.a % 6],
               CASE 1 + g.a % 6
                   WHEN 2 THEN v_p || '_pipe_' || (v_pipes->((g.a / 1000) % jsonb_array_length(v_pipes))->>'key')
                   WHEN 3 THEN v_p || '_item_' || (1 + (g.a / 1000) % v_n)
                   WHEN 4 THEN v_p || '_task_' || (1 + (g.a / 1000) % v_ntask)
                   WHEN 5 THEN v_p || '_doc_' || (1 + (g.a / 1000) % jsonb_array_length(v_docs))
                   WHEN 6 THEN v_p || '_post_1' END,
               jsonb_build_object('client', CASE WHEN g.a % 3 = 0 THEN 'web' ELSE 'console' END),
               v_now - make_interval(mins => (g.a / 10) % (60 * 24 * 30))
        FROM g;

        -- Two changes a console made offline and replayed (the record that keeps a replay
        -- from applying them twice).
        INSERT INTO client_mutation (id, "orgId", "entityType", "entityId", "resultVersion", "appliedAt")
        SELECT v_p || '_mutation_' || i, v_org, 'pipelineItem', v_p || '_item_' || i, 1, v_now - make_interval(days => i)
        FROM generate_series(1, 2) AS i;
    END LOOP;
END
$$;
