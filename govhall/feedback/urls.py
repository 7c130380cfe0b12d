from .views import complaint_lookup, complaints, evaluations

app_name = "feedback"
# The lookup comes before complaints/<number>/ (the staff page), which it would match.
urlpatterns = [*evaluations.urlpatterns, *complaint_lookup.urlpatterns, *complaints.urlpatterns]
