# Ukrainian dates: the month in the genitive after a day ("2 грудня 2026", Django's "E"),
# in the nominative on its own ("грудень 2026"); 24-hour times.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
