// Allure's runtime hooks in every worker; without this import attachments made in parallel
// workers never reach the Allure results.
import 'allure-cucumberjs';
