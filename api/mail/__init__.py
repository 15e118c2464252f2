"""Plain-text Danish e-mails through the SMTP server in settings (password links; reminders may follow)."""
