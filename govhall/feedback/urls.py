from .views import complaints, evaluations

app_name = "feedback"
urlpatterns = [*evaluations.urlpatterns, *complaints.urlpatterns]
