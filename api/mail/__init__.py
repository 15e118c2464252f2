"""Danish e-mails through the SMTP server in settings: password links, reminders and escalations."""
