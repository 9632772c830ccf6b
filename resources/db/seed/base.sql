-- Astralis base seed (`astralis-cli db seed`), what the web platform seed script (prisma/seed.ts) creates:
-- the default organization, its admin user, sample pipelines and stages, and the
-- platform-wide TaskTemplate and AutomationTemplate catalogs.
--
-- Run by the console Seeder inside one transaction as a privileged role (row-level security
-- does not apply). Idempotent: fixed ids and ON CONFLICT DO NOTHING, so a second run adds and
-- changes nothing. Rows that belong to the organization look it up by its slug, so the script
-- also works when the web platform created "astralis" first (with a cuid id).
--
-- Timestamps are written in UTC (Prisma DateTime columns are timestamp(3) without time zone,
-- holding UTC). "updatedAt" has no database default (Prisma @updatedAt): set explicitly.

-- ─── Default organization ──────────────────────────────────────────────────────────────────

INSERT INTO organization (id, name, slug, plan, "createdAt", "updatedAt")
VALUES ('org_astralis', 'Astralis', 'astralis', 'ENTERPRISE', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
ON CONFLICT DO NOTHING;

-- ─── Admin user ────────────────────────────────────────────────────────────────────────────
-- No password: the admin signs in to the web platform by e-mail link or OAuth (NextAuth), and
-- to the console with a PostgreSQL staff login. A seeded, well-known password would be a
-- backdoor in every installation.

INSERT INTO users (id, "orgId", email, "emailVerified", name, role, timezone, "onboardingCompleted",
                   "createdAt", "updatedAt")
SELECT 'user_astralis_admin', o.id, 'admin@astralis.one', now() AT TIME ZONE 'UTC', 'Astralis Admin',
       'ADMIN', 'UTC', true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM organization o
WHERE o.slug = 'astralis'
ON CONFLICT DO NOTHING;

-- ─── Sample pipelines ──────────────────────────────────────────────────────────────────────

INSERT INTO pipeline (id, "orgId", key, name, description, type, "createdAt", "updatedAt")
SELECT v.id, o.id, v.key, v.name, v.description, v.type::"PipelineType",
       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM organization o
CROSS JOIN (VALUES
    ('pipeline_astralis_sales', 'sales', 'Sales',
     'New business from first contact to signed contract.', 'SALES'),
    ('pipeline_astralis_support', 'support', 'Customer Support',
     'Incoming support requests, from triage to resolution.', 'SUPPORT'),
    ('pipeline_astralis_billing', 'billing', 'Billing',
     'Invoices, payment follow-up and billing disputes.', 'BILLING')
) AS v(id, key, name, description, type)
WHERE o.slug = 'astralis'
ON CONFLICT DO NOTHING;

-- Stages: resolved through (org, pipeline key), not the fixed pipeline id, so they attach to
-- an existing pipeline of the same key.
INSERT INTO "pipelineStage" (id, "orgId", "pipelineId", key, name, description, "order", "isTerminal",
                             color, "wipLimit", "createdAt", "updatedAt")
SELECT 'stage_astralis_' || v.pkey || '_' || v.key, p."orgId", p.id, v.key, v.name, v.description,
       v.ord, v.terminal, v.color, v.wip, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM (VALUES
    -- Sales
    ('sales', 'lead',        'Lead',        'New contact, not yet qualified.',                 1, false, '#868e96', NULL::int),
    ('sales', 'qualified',   'Qualified',   'Budget, need and timing confirmed.',              2, false, '#4c6ef5', 25),
    ('sales', 'proposal',    'Proposal',    'Proposal or quote sent.',                         3, false, '#7950f2', 15),
    ('sales', 'negotiation', 'Negotiation', 'Terms and pricing under discussion.',             4, false, '#f59f00', 10),
    ('sales', 'won',         'Won',         'Contract signed.',                                5, true,  '#40c057', NULL),
    ('sales', 'lost',        'Lost',        'Declined, went elsewhere or went silent.',        6, true,  '#fa5252', NULL),
    -- Customer Support
    ('support', 'new',         'New',                 'Received, not yet looked at.',          1, false, '#868e96', NULL),
    ('support', 'triage',      'Triage',              'Categorised and prioritised.',          2, false, '#15aabf', 20),
    ('support', 'in-progress', 'In Progress',         'Someone is working on it.',             3, false, '#4c6ef5', 12),
    ('support', 'waiting',     'Waiting on Customer', 'Blocked on an answer from the customer.', 4, false, '#fab005', NULL),
    ('support', 'resolved',    'Resolved',            'Fixed or answered.',                    5, true,  '#40c057', NULL),
    ('support', 'closed',      'Closed',              'Closed without a fix (duplicate, no reply).', 6, true, '#495057', NULL),
    -- Billing
    ('billing', 'draft',    'Draft',       'Invoice being prepared.',                          1, false, '#868e96', NULL),
    ('billing', 'sent',     'Sent',        'Invoice sent, payment not yet due.',               2, false, '#4c6ef5', NULL),
    ('billing', 'overdue',  'Overdue',     'Past due date; reminders running.',                3, false, '#fd7e14', 20),
    ('billing', 'disputed', 'Disputed',    'Customer questions the invoice.',                  4, false, '#e64980', 5),
    ('billing', 'paid',     'Paid',        'Payment received in full.',                        5, true,  '#40c057', NULL),
    ('billing', 'written-off', 'Written Off', 'Uncollectable; closed in the books.',           6, true,  '#495057', NULL)
) AS v(pkey, key, name, description, ord, terminal, color, wip)
JOIN organization o ON o.slug = 'astralis'
JOIN pipeline p ON p."orgId" = o.id AND p.key = v.pkey
ON CONFLICT DO NOTHING;

-- ─── Task templates (platform catalog) ─────────────────────────────────────────────────────
-- Readable ids; preferredPipelineKey names a pipeline.key that each org resolves to its own
-- pipeline. definition: inputs the task collects, steps to work through, routing hints for the
-- orchestration agent, and an SLA.

INSERT INTO "TaskTemplate" (id, label, category, description, "preferredPipelineKey", definition,
                            "createdAt", "updatedAt")
VALUES
('sales.lead-qualification', 'Qualify inbound lead', 'sales',
 'Check budget, authority, need and timing of a new inbound lead and decide whether to pursue it.',
 'sales',
 '{"version": 1,
   "inputs": [
     {"key": "company", "label": "Company", "type": "text", "required": true},
     {"key": "contactEmail", "label": "Contact e-mail", "type": "email", "required": true},
     {"key": "budget", "label": "Budget (USD)", "type": "number"},
     {"key": "timeline", "label": "Timeline", "type": "select", "options": ["< 1 month", "1-3 months", "3-6 months", "later"]}
   ],
   "steps": [
     {"key": "research", "title": "Research the company and the contact"},
     {"key": "call", "title": "Discovery call (30 min)"},
     {"key": "score", "title": "Score BANT and record the outcome"},
     {"key": "route", "title": "Move to Qualified or Lost"}
   ],
   "routing": {"keywords": ["pricing", "quote", "demo", "proposal", "interested"], "defaultPriority": 1, "defaultStage": "lead"},
   "sla": {"firstResponseHours": 4, "resolutionHours": 72}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('sales.demo-request', 'Schedule product demo', 'sales',
 'A prospect asked for a demo: propose slots, send the invitation and prepare the demo environment.',
 'sales',
 '{"version": 1,
   "inputs": [
     {"key": "contactName", "label": "Contact", "type": "text", "required": true},
     {"key": "contactEmail", "label": "Contact e-mail", "type": "email", "required": true},
     {"key": "preferredTimes", "label": "Preferred times", "type": "text"}
   ],
   "steps": [
     {"key": "slots", "title": "Propose three time slots", "agent": "scheduling"},
     {"key": "invite", "title": "Send calendar invitation"},
     {"key": "prepare", "title": "Prepare demo data for their industry"},
     {"key": "followup", "title": "Follow up within 24 hours of the demo"}
   ],
   "routing": {"keywords": ["demo", "walkthrough", "see it in action", "trial"], "defaultPriority": 2, "defaultStage": "qualified"},
   "sla": {"firstResponseHours": 2, "resolutionHours": 48}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('support.password-reset', 'Password reset / locked account', 'support',
 'Verify the requester''s identity, unlock the account and send a reset link.',
 'support',
 '{"version": 1,
   "inputs": [
     {"key": "accountEmail", "label": "Account e-mail", "type": "email", "required": true},
     {"key": "verified", "label": "Identity verified", "type": "boolean"}
   ],
   "steps": [
     {"key": "verify", "title": "Verify identity (e-mail on file or callback)"},
     {"key": "unlock", "title": "Unlock the account"},
     {"key": "reset", "title": "Send password reset link"},
     {"key": "confirm", "title": "Confirm the customer can sign in"}
   ],
   "routing": {"keywords": ["password", "locked out", "can''t log in", "reset", "2fa"], "defaultPriority": 2, "defaultStage": "triage"},
   "sla": {"firstResponseHours": 1, "resolutionHours": 8}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('support.bug-report', 'Investigate bug report', 'support',
 'Reproduce a reported defect, assess impact and hand it to engineering or resolve it.',
 'support',
 '{"version": 1,
   "inputs": [
     {"key": "summary", "label": "Summary", "type": "text", "required": true},
     {"key": "stepsToReproduce", "label": "Steps to reproduce", "type": "textarea"},
     {"key": "severity", "label": "Severity", "type": "select", "options": ["low", "medium", "high", "critical"]},
     {"key": "attachments", "label": "Screenshots / logs", "type": "files"}
   ],
   "steps": [
     {"key": "reproduce", "title": "Reproduce the problem"},
     {"key": "impact", "title": "Assess impact (users affected, workaround)"},
     {"key": "escalate", "title": "Escalate to engineering if not configuration"},
     {"key": "update", "title": "Update the customer"}
   ],
   "routing": {"keywords": ["error", "bug", "broken", "crash", "500", "not working"], "defaultPriority": 2, "defaultStage": "triage"},
   "sla": {"firstResponseHours": 4, "resolutionHours": 120}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('billing.invoice-dispute', 'Resolve invoice dispute', 'billing',
 'A customer questions an invoice: check it against the contract and time records, then correct or explain.',
 'billing',
 '{"version": 1,
   "inputs": [
     {"key": "invoiceNumber", "label": "Invoice number", "type": "text", "required": true},
     {"key": "disputedAmount", "label": "Disputed amount", "type": "money"},
     {"key": "reason", "label": "Reason given", "type": "textarea"}
   ],
   "steps": [
     {"key": "review", "title": "Compare the invoice with contract and timesheets"},
     {"key": "decide", "title": "Decide: credit note, corrected invoice or explanation"},
     {"key": "respond", "title": "Reply to the customer"},
     {"key": "close", "title": "Record the outcome"}
   ],
   "routing": {"keywords": ["invoice", "overcharged", "wrong amount", "dispute", "credit note"], "defaultPriority": 2, "defaultStage": "disputed"},
   "sla": {"firstResponseHours": 8, "resolutionHours": 120}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('billing.refund-request', 'Process refund request', 'billing',
 'Check refund eligibility, issue the refund through the payment provider and confirm.',
 'billing',
 '{"version": 1,
   "inputs": [
     {"key": "orderNumber", "label": "Order number", "type": "text", "required": true},
     {"key": "amount", "label": "Refund amount", "type": "money", "required": true},
     {"key": "paymentMethod", "label": "Payment method", "type": "select", "options": ["STRIPE", "PAYPAL", "BANK_TRANSFER"]}
   ],
   "steps": [
     {"key": "eligibility", "title": "Check refund policy and order status"},
     {"key": "approve", "title": "Approval (over 500 USD: admin)"},
     {"key": "refund", "title": "Issue refund with the payment provider"},
     {"key": "notify", "title": "Send confirmation to the customer"}
   ],
   "routing": {"keywords": ["refund", "money back", "cancel order", "chargeback"], "defaultPriority": 1, "defaultStage": "disputed"},
   "sla": {"firstResponseHours": 8, "resolutionHours": 72},
   "approval": {"thresholdAmount": 500, "role": "ADMIN"}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('operations.client-onboarding', 'Onboard new client', 'operations',
 'Kick-off checklist after a signed contract: accounts, access, kick-off meeting and first milestone.',
 'sales',
 '{"version": 1,
   "inputs": [
     {"key": "company", "label": "Company", "type": "text", "required": true},
     {"key": "primaryContact", "label": "Primary contact", "type": "text", "required": true},
     {"key": "startDate", "label": "Start date", "type": "date"}
   ],
   "steps": [
     {"key": "crm", "title": "Create company, contacts and engagement"},
     {"key": "access", "title": "Request access (repository, analytics, hosting)"},
     {"key": "kickoff", "title": "Schedule kick-off meeting", "agent": "scheduling"},
     {"key": "milestones", "title": "Agree milestones and billing schedule"}
   ],
   "routing": {"keywords": ["signed", "kick-off", "onboarding", "welcome"], "defaultPriority": 1, "defaultStage": "won"},
   "sla": {"firstResponseHours": 24, "resolutionHours": 240}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('general.document-review', 'Review uploaded document', 'documents',
 'Check an uploaded document''s OCR result, correct extracted fields and file it.',
 NULL,
 '{"version": 1,
   "inputs": [
     {"key": "documentId", "label": "Document", "type": "document", "required": true},
     {"key": "documentType", "label": "Document type", "type": "select", "options": ["invoice", "receipt", "contract", "delivery note", "report", "other"]}
   ],
   "steps": [
     {"key": "check", "title": "Check OCR text and confidence"},
     {"key": "extract", "title": "Confirm extracted fields (dates, amounts, parties)"},
     {"key": "file", "title": "Link to company / engagement and file"}
   ],
   "routing": {"keywords": ["attached", "scan", "pdf", "document"], "defaultPriority": 0},
   "sla": {"firstResponseHours": 24, "resolutionHours": 72}}'::jsonb,
 now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
ON CONFLICT DO NOTHING;

-- ─── Automation templates (platform-wide n8n marketplace) ──────────────────────────────────
-- n8nWorkflowJson is an importable n8n workflow (nodes + connections); credentials are
-- referenced by type only and bound when an organization installs the template.

INSERT INTO "AutomationTemplate" (id, name, description, category, "n8nWorkflowJson", "triggerType",
                                  "requiredIntegrations", tags, "useCount", rating, "ratingCount",
                                  "isPublished", "createdAt", "updatedAt")
VALUES
('automation.intake-slack-alert', 'Slack alert for urgent intake',
 'Posts new intake requests with priority 2 or higher to a Slack channel, with a link to the request.',
 'notifications',
 '{"name": "Slack alert for urgent intake",
   "nodes": [
     {"id": "1", "name": "Intake created", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [240, 300],
      "parameters": {"httpMethod": "POST", "path": "astralis/intake-created"}},
     {"id": "2", "name": "Urgent only", "type": "n8n-nodes-base.if", "typeVersion": 2, "position": [460, 300],
      "parameters": {"conditions": {"number": [{"value1": "={{$json.body.priority}}", "operation": "largerEqual", "value2": 2}]}}},
     {"id": "3", "name": "Post to Slack", "type": "n8n-nodes-base.slack", "typeVersion": 2, "position": [680, 280],
      "parameters": {"channel": "#intake", "text": "=:rotating_light: {{$json.body.title}} (priority {{$json.body.priority}})"},
      "credentials": {"slackApi": {"name": "Slack"}}}
   ],
   "connections": {"Intake created": {"main": [[{"node": "Urgent only", "type": "main", "index": 0}]]},
                   "Urgent only": {"main": [[{"node": "Post to Slack", "type": "main", "index": 0}], []]}},
   "settings": {"executionOrder": "v1"}}'::jsonb,
 'INTAKE_CREATED', ARRAY['SLACK']::"IntegrationProvider"[], ARRAY['slack', 'intake', 'alerts'],
 412, 4.6, 87, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('automation.document-ocr-to-drive', 'File processed documents in Google Drive',
 'When OCR finishes, saves the document and its extracted text to a Google Drive folder per company.',
 'documents',
 '{"name": "File processed documents in Google Drive",
   "nodes": [
     {"id": "1", "name": "Document processed", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [240, 300],
      "parameters": {"httpMethod": "POST", "path": "astralis/document-processed"}},
     {"id": "2", "name": "Download file", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4, "position": [460, 300],
      "parameters": {"url": "={{$json.body.cdnUrl}}", "options": {"response": {"response": {"responseFormat": "file"}}}}},
     {"id": "3", "name": "Upload to Drive", "type": "n8n-nodes-base.googleDrive", "typeVersion": 3, "position": [680, 300],
      "parameters": {"operation": "upload", "name": "={{$json.body.fileName}}", "folderId": "={{$json.body.metadata.folderId}}"},
      "credentials": {"googleDriveOAuth2Api": {"name": "Google Drive"}}}
   ],
   "connections": {"Document processed": {"main": [[{"node": "Download file", "type": "main", "index": 0}]]},
                   "Download file": {"main": [[{"node": "Upload to Drive", "type": "main", "index": 0}]]}},
   "settings": {"executionOrder": "v1"}}'::jsonb,
 'DOCUMENT_PROCESSED', ARRAY['GOOGLE_DRIVE']::"IntegrationProvider"[], ARRAY['documents', 'ocr', 'storage'],
 236, 4.3, 41, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('automation.won-deal-to-hubspot', 'Sync won deals to HubSpot',
 'When a card moves to a terminal "won" stage, creates or updates the deal and company in HubSpot.',
 'crm',
 '{"name": "Sync won deals to HubSpot",
   "nodes": [
     {"id": "1", "name": "Stage changed", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [240, 300],
      "parameters": {"httpMethod": "POST", "path": "astralis/stage-changed"}},
     {"id": "2", "name": "Won only", "type": "n8n-nodes-base.if", "typeVersion": 2, "position": [460, 300],
      "parameters": {"conditions": {"string": [{"value1": "={{$json.body.toStage.key}}", "value2": "won"}]}}},
     {"id": "3", "name": "Upsert deal", "type": "n8n-nodes-base.hubspot", "typeVersion": 2, "position": [680, 280],
      "parameters": {"resource": "deal", "operation": "upsert", "stage": "closedwon", "dealName": "={{$json.body.item.title}}",
                     "amount": "={{$json.body.item.metadata.value}}"},
      "credentials": {"hubspotOAuth2Api": {"name": "HubSpot"}}}
   ],
   "connections": {"Stage changed": {"main": [[{"node": "Won only", "type": "main", "index": 0}]]},
                   "Won only": {"main": [[{"node": "Upsert deal", "type": "main", "index": 0}], []]}},
   "settings": {"executionOrder": "v1"}}'::jsonb,
 'PIPELINE_STAGE_CHANGED', ARRAY['HUBSPOT']::"IntegrationProvider"[], ARRAY['crm', 'sales', 'hubspot'],
 158, 4.1, 29, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('automation.gmail-to-intake', 'Turn support e-mails into intake requests',
 'Watches a Gmail label and creates an intake request (source EMAIL) for every new message, attachments included.',
 'intake',
 '{"name": "Turn support e-mails into intake requests",
   "nodes": [
     {"id": "1", "name": "New e-mail", "type": "n8n-nodes-base.gmailTrigger", "typeVersion": 1, "position": [240, 300],
      "parameters": {"pollTimes": {"item": [{"mode": "everyMinute"}]}, "filters": {"labelIds": ["support"]}},
      "credentials": {"gmailOAuth2": {"name": "Gmail"}}},
     {"id": "2", "name": "Create intake", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4, "position": [460, 300],
      "parameters": {"method": "POST", "url": "={{$env.ASTRALIS_API_URL}}/api/intake",
                     "jsonBody": "={\"source\": \"EMAIL\", \"title\": {{JSON.stringify($json.subject)}}, \"requestData\": {\"from\": {{JSON.stringify($json.from)}}, \"body\": {{JSON.stringify($json.text)}}}}"}}
   ],
   "connections": {"New e-mail": {"main": [[{"node": "Create intake", "type": "main", "index": 0}]]}},
   "settings": {"executionOrder": "v1"}}'::jsonb,
 'EMAIL_RECEIVED', ARRAY['GMAIL']::"IntegrationProvider"[], ARRAY['email', 'intake', 'support'],
 389, 4.7, 102, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('automation.overdue-invoice-reminder', 'Weekly overdue invoice reminders',
 'Every Monday at 08:00, e-mails customers whose invoices are in an overdue billing stage, via SendGrid.',
 'billing',
 '{"name": "Weekly overdue invoice reminders",
   "nodes": [
     {"id": "1", "name": "Every Monday", "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1, "position": [240, 300],
      "parameters": {"rule": {"interval": [{"field": "cronExpression", "expression": "0 8 * * 1"}]}}},
     {"id": "2", "name": "Overdue invoices", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4, "position": [460, 300],
      "parameters": {"url": "={{$env.ASTRALIS_API_URL}}/api/pipelines/billing/items?stage=overdue"}},
     {"id": "3", "name": "Send reminder", "type": "n8n-nodes-base.sendGrid", "typeVersion": 1, "position": [680, 300],
      "parameters": {"resource": "mail", "templateId": "d-overdue-reminder", "toEmail": "={{$json.metadata.billingEmail}}"},
      "credentials": {"sendGridApi": {"name": "SendGrid"}}}
   ],
   "connections": {"Every Monday": {"main": [[{"node": "Overdue invoices", "type": "main", "index": 0}]]},
                   "Overdue invoices": {"main": [[{"node": "Send reminder", "type": "main", "index": 0}]]}},
   "settings": {"executionOrder": "v1", "timezone": "UTC"}}'::jsonb,
 'SCHEDULE', ARRAY['SENDGRID']::"IntegrationProvider"[], ARRAY['billing', 'email', 'schedule'],
 201, 4.4, 38, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('automation.stripe-payment-to-billing', 'Mark invoices paid from Stripe',
 'Receives Stripe payment_intent.succeeded webhooks and moves the matching billing card to "Paid".',
 'billing',
 '{"name": "Mark invoices paid from Stripe",
   "nodes": [
     {"id": "1", "name": "Stripe event", "type": "n8n-nodes-base.stripeTrigger", "typeVersion": 1, "position": [240, 300],
      "parameters": {"events": ["payment_intent.succeeded"]},
      "credentials": {"stripeApi": {"name": "Stripe"}}},
     {"id": "2", "name": "Move card to Paid", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4, "position": [460, 300],
      "parameters": {"method": "POST", "url": "={{$env.ASTRALIS_API_URL}}/api/pipelines/billing/move",
                     "jsonBody": "={\"invoice\": {{JSON.stringify($json.data.object.metadata.invoice)}}, \"toStage\": \"paid\"}"}}
   ],
   "connections": {"Stripe event": {"main": [[{"node": "Move card to Paid", "type": "main", "index": 0}]]}},
   "settings": {"executionOrder": "v1"}}'::jsonb,
 'WEBHOOK', ARRAY['STRIPE']::"IntegrationProvider"[], ARRAY['billing', 'payments', 'stripe'],
 97, NULL, 0, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'),
('automation.meeting-summary-to-notion', 'Meeting notes to Notion',
 'After a scheduling event completes, asks OpenAI for a summary of the notes and files it in a Notion database.',
 'productivity',
 '{"name": "Meeting notes to Notion",
   "nodes": [
     {"id": "1", "name": "Event completed", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [240, 300],
      "parameters": {"httpMethod": "POST", "path": "astralis/event-completed"}},
     {"id": "2", "name": "Summarise", "type": "@n8n/n8n-nodes-langchain.openAi", "typeVersion": 1, "position": [460, 300],
      "parameters": {"modelId": "gpt-4o-mini", "messages": {"values": [{"content": "=Summarise these meeting notes as decisions and action items:\n{{$json.body.notes}}"}]}},
      "credentials": {"openAiApi": {"name": "OpenAI"}}},
     {"id": "3", "name": "Create Notion page", "type": "n8n-nodes-base.notion", "typeVersion": 2, "position": [680, 300],
      "parameters": {"resource": "databasePage", "title": "={{$node[\"Event completed\"].json.body.title}}"},
      "credentials": {"notionApi": {"name": "Notion"}}}
   ],
   "connections": {"Event completed": {"main": [[{"node": "Summarise", "type": "main", "index": 0}]]},
                   "Summarise": {"main": [[{"node": "Create Notion page", "type": "main", "index": 0}]]}},
   "settings": {"executionOrder": "v1"}}'::jsonb,
 'WEBHOOK', ARRAY['OPENAI', 'NOTION']::"IntegrationProvider"[], ARRAY['ai', 'meetings', 'notion'],
 64, 3.9, 12, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
ON CONFLICT DO NOTHING;
