/** When: create and change objects; "try to" records a refusal for the Then steps to examine. */
import { Then, When } from './define.ts';

When('I create it', function () {
  return this.objects.createMostRecent();
});

When('I create {word} {string}', function (kind: string, name: string) {
  return this.objects.create(kind, name);
});

When('I try to create {word} {string}', function (kind: string, name: string) {
  return this.objects.tryCreate(kind, name);
});

When('I patch {word} {string} with:', function (kind: string, name: string, patch: string) {
  return this.objects.patch(kind, name, patch, this.origin());
});

When('I try to patch {word} {string} with:', function (kind: string, name: string, patch: string) {
  return this.objects.tryPatch(kind, name, patch, this.origin());
});

Then('the API rejects it as invalid', function () {
  this.objects.expectRejected(422);
});

Then('the API rejects it as invalid, naming the field {string}', function (field: string) {
  this.objects.expectRejected(422, field);
});

Then('the rejection message contains {string}', function (text: string) {
  this.objects.expectRejectionMessage(text);
});

Then('the API accepts it', function () {
  this.objects.expectAccepted();
});

Then('no {word} {string} was stored', function (kind: string, name: string) {
  return this.objects.expectAbsent(kind, name);
});
