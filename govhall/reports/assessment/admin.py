# The assessment changes state only through its services and pages (the
# objection window, the ranking): nothing of it is edited in the admin site.
