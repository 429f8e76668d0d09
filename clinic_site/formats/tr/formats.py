# Turkish writes the day without a leading zero: "5 Mart 2026" (Django's own: "05 Mart 2026").
# Every other format is Django's Turkish one.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
